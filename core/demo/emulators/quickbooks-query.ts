// The QuickBooks Online query language, as far as the connector and the tap use it, after
// https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/data-queries
// `SELECT * | count(*) FROM Entity [WHERE Prop Op Value [AND …]] [ORDERBY Prop [ASC|DESC]]
// [STARTPOSITION n] [MAXRESULTS m]`: operators IN, =, <, >, <=, >=, LIKE ('%' only), no OR;
// values 'quoted' (a backslash escapes an apostrophe), (a, b) lists, true / false, numbers.

export interface QueryCondition {
  property: string;
  operator: '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';
  /** One value, or the list of an IN. */
  values: (string | boolean | number)[];
}

export interface ParsedQuery {
  entity: string;
  count: boolean;
  where: QueryCondition[];
  orderBy?: { property: string; descending: boolean };
  startPosition: number;
  maxResults: number;
}

/** The query, or the words QuickBooks uses to refuse it (`QueryParserError`). */
export function parseQuery(text: string): ParsedQuery | { error: string } {
  const head = /^\s*select\s+(\*|count\(\*\))\s+from\s+([A-Za-z]+)\b/i.exec(text);
  if (!head) return { error: `Encountered "${text.split(/\s+/)[0] ?? ''}" at line 1, column 1.` };
  const query: ParsedQuery = {
    entity: head[2]!,
    count: head[1] !== '*',
    where: [],
    startPosition: 1,
    maxResults: 100,
  };
  let rest = text.slice(head[0].length);
  const where = /^\s*where\s+/i.exec(rest);
  if (where) {
    rest = rest.slice(where[0].length);
    const condition =
      /^\s*([A-Za-z][A-Za-z.]*)\s*(>=|<=|=|<|>|\bIN\b|\bLIKE\b)\s*('(?:[^'\\]|\\.)*'|\([^)]*\)|[^\s)]+)\s*/i;
    for (;;) {
      const match = condition.exec(rest);
      if (!match) return { error: `Encountered "${rest.trim().split(/\s+/)[0] ?? ''}" in the WHERE clause.` };
      const operator = match[2]!.toUpperCase() as QueryCondition['operator'];
      const raw = match[3]!;
      const values =
        operator === 'IN'
          ? raw
              .replace(/^\(|\)$/g, '')
              .split(',')
              .map((v) => literal(v.trim()))
          : [literal(raw)];
      query.where.push({ property: match[1]!, operator, values });
      rest = rest.slice(match[0].length);
      const and = /^and\s+/i.exec(rest);
      if (!and) break;
      rest = rest.slice(and[0].length);
    }
  }
  const order = /^\s*orderby\s+([A-Za-z][A-Za-z.]*)(?:\s+(asc|desc))?\s*/i.exec(rest);
  if (order) {
    query.orderBy = { property: order[1]!, descending: order[2]?.toLowerCase() === 'desc' };
    rest = rest.slice(order[0].length);
  }
  const start = /^\s*startposition\s+(\d+)\s*/i.exec(rest);
  if (start) {
    query.startPosition = Number(start[1]);
    rest = rest.slice(start[0].length);
  }
  const max = /^\s*maxresults\s+(\d+)\s*/i.exec(rest);
  if (max) {
    query.maxResults = Number(max[1]);
    rest = rest.slice(max[0].length);
  }
  if (rest.trim() !== '')
    return { error: `Encountered "${rest.trim().split(/\s+/)[0]}" at the end of the query.` };
  return query;
}

function literal(raw: string): string | boolean | number {
  if (raw.startsWith("'")) return raw.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
  const number = Number(raw);
  return Number.isFinite(number) ? number : raw;
}

/** Whether a record's value meets a condition; times compare as instants, text case-insensitively. */
export function meets(value: unknown, condition: QueryCondition, isTime: boolean): boolean {
  const normal = (v: unknown) => {
    if (isTime) return Date.parse(String(v));
    return typeof v === 'string' ? v.toLowerCase() : v;
  };
  const actual = normal(value);
  const [first] = condition.values.map(normal);
  switch (condition.operator) {
    case '=':
      return actual === first;
    case 'IN':
      return condition.values.map(normal).includes(actual);
    case 'LIKE': {
      const pattern = String(condition.values[0])
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*');
      return new RegExp(`^${pattern}$`, 'i').test(String(value ?? ''));
    }
    default: {
      if (actual === undefined || first === undefined) return false;
      const a = actual as number | string;
      const b = first as number | string;
      if (condition.operator === '<') return a < b;
      if (condition.operator === '>') return a > b;
      if (condition.operator === '<=') return a <= b;
      return a >= b;
    }
  }
}
