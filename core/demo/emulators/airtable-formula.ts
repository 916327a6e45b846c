// The part of Airtable's formula language the emulator's `filterByFormula` understands,
// after https://support.airtable.com/docs/formula-field-reference: `{Field name}`
// references, '…' and "…" strings with backslash escapes, numbers, = != < > <= >=, `&`
// (joins text), and the functions AND, OR, NOT, IF, IS_BEFORE, IS_AFTER, IS_SAME, LOWER,
// UPPER, TRIM, LEN, BLANK, TRUE, FALSE. Anything else is refused the way Airtable refuses
// a formula it cannot run: 422 INVALID_FILTER_BY_FORMULA.

export type FormulaValue = string | number | boolean | null;
export type Row = Readonly<Record<string, unknown>>;

export class FormulaError extends Error {}

type Token =
  | { kind: 'field'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'name'; name: string }
  | { kind: 'op'; op: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '{') {
      const end = text.indexOf('}', i);
      if (end < 0) throw new FormulaError('Invalid formula. Please check your formula text.');
      tokens.push({ kind: 'field', name: text.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "'" || c === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          const next = text[++i]!;
          value += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next;
        } else value += text[i];
        i++;
      }
      if (i >= text.length) throw new FormulaError('Invalid formula. Please check your formula text.');
      tokens.push({ kind: 'string', value });
      i++;
    } else if (/[0-9.]/.test(c)) {
      const match = /^[0-9]*\.?[0-9]+/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'name', name: match[0].toUpperCase() });
      i += match[0].length;
    } else {
      const op = ['!=', '<=', '>='].find((o) => text.startsWith(o, i)) ?? c;
      if (!['=', '!=', '<', '>', '<=', '>=', '&', '(', ')', ','].includes(op))
        throw new FormulaError('Invalid formula. Please check your formula text.');
      tokens.push({ kind: 'op', op });
      i += op.length;
    }
  }
  return tokens;
}

type Node =
  | { kind: 'value'; value: FormulaValue }
  | { kind: 'field'; name: string }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'binary'; op: string; left: Node; right: Node };

const functions = new Set([
  'AND',
  'OR',
  'NOT',
  'IF',
  'IS_BEFORE',
  'IS_AFTER',
  'IS_SAME',
  'LOWER',
  'UPPER',
  'TRIM',
  'LEN',
  'BLANK',
  'TRUE',
  'FALSE',
]);

/** Parses a formula; refuses unknown functions and fields with Airtable's words. */
export function parseFormula(text: string, fieldNames: readonly string[]): Node {
  const tokens = tokenize(text);
  let at = 0;
  const unknownFunctions: string[] = [];
  const unknownFields: string[] = [];
  const peek = () => tokens[at];
  const isOp = (op: string) => {
    const t = peek();
    return t?.kind === 'op' && t.op === op;
  };
  const expect = (op: string) => {
    if (!isOp(op)) throw new FormulaError('Invalid formula. Please check your formula text.');
    at++;
  };

  function comparison(): Node {
    const left = concat();
    const t = peek();
    if (t?.kind === 'op' && ['=', '!=', '<', '>', '<=', '>='].includes(t.op)) {
      at++;
      return { kind: 'binary', op: t.op, left, right: concat() };
    }
    return left;
  }
  function concat(): Node {
    let left = primary();
    while (isOp('&')) {
      at++;
      left = { kind: 'binary', op: '&', left, right: primary() };
    }
    return left;
  }
  function primary(): Node {
    const t = tokens[at++];
    if (!t) throw new FormulaError('Invalid formula. Please check your formula text.');
    if (t.kind === 'string' || t.kind === 'number') return { kind: 'value', value: t.value };
    if (t.kind === 'field') {
      if (!fieldNames.includes(t.name)) unknownFields.push(t.name);
      return { kind: 'field', name: t.name };
    }
    if (t.kind === 'op' && t.op === '(') {
      const inner = comparison();
      expect(')');
      return inner;
    }
    if (t.kind === 'name') {
      if (!functions.has(t.name)) unknownFunctions.push(t.name);
      expect('(');
      const args: Node[] = [];
      while (!isOp(')')) {
        args.push(comparison());
        if (!isOp(')')) expect(',');
      }
      expect(')');
      return { kind: 'call', name: t.name, args };
    }
    throw new FormulaError('Invalid formula. Please check your formula text.');
  }

  const node = comparison();
  if (at < tokens.length) throw new FormulaError('Invalid formula. Please check your formula text.');
  if (unknownFunctions.length > 0)
    throw new FormulaError(`Unknown function names: ${unknownFunctions.join(', ')}`);
  if (unknownFields.length > 0) throw new FormulaError(`Unknown field names: ${unknownFields.join(', ')}`);
  return node;
}

const blank = (v: FormulaValue) => v === null || v === '' || v === false || v === 0;
const asText = (v: FormulaValue) => (v === null ? '' : String(v));
const asTime = (v: FormulaValue) => (v === null || v === '' ? undefined : Date.parse(String(v)));

function compare(op: string, a: FormulaValue, b: FormulaValue): boolean {
  const numeric = typeof a === 'number' || typeof b === 'number';
  const x = numeric ? Number(a ?? 0) : asText(a);
  const y = numeric ? Number(b ?? 0) : asText(b);
  if (op === '=') return x === y;
  if (op === '!=') return x !== y;
  if (op === '<') return x < y;
  if (op === '>') return x > y;
  if (op === '<=') return x <= y;
  return x >= y;
}

function call(name: string, args: FormulaValue[]): FormulaValue {
  const [a = null, b = null, c = null] = args;
  switch (name) {
    case 'AND':
      return args.every((v) => !blank(v));
    case 'OR':
      return args.some((v) => !blank(v));
    case 'NOT':
      return blank(a);
    case 'IF':
      return blank(a) ? c : b;
    case 'IS_BEFORE':
    case 'IS_AFTER':
    case 'IS_SAME': {
      const [x, y] = [asTime(a), asTime(b)];
      if (x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y)) return null;
      return name === 'IS_BEFORE' ? x < y : name === 'IS_AFTER' ? x > y : x === y;
    }
    case 'LOWER':
      return asText(a).toLowerCase();
    case 'UPPER':
      return asText(a).toUpperCase();
    case 'TRIM':
      return asText(a).trim();
    case 'LEN':
      return asText(a).length;
    case 'TRUE':
      return true;
    case 'FALSE':
      return false;
    default:
      return null; // BLANK()
  }
}

export function evaluate(node: Node, row: Row): FormulaValue {
  switch (node.kind) {
    case 'value':
      return node.value;
    case 'field': {
      const value = row[node.name];
      return value === undefined ? null : (value as FormulaValue);
    }
    case 'call':
      return call(
        node.name,
        node.args.map((arg) => evaluate(arg, row)),
      );
    case 'binary': {
      const [left, right] = [evaluate(node.left, row), evaluate(node.right, row)];
      return node.op === '&' ? asText(left) + asText(right) : compare(node.op, left, right);
    }
  }
}

/** Whether the row passes the formula (a result that is not blank, 0 or false). */
export const passes = (node: Node, row: Row) => !blank(evaluate(node, row));
