import type { EntityDescription } from '../../contract/connectors.ts';
import { SyncError } from '../../reliability/error-classes.ts';
import type { Connector, Page, PageState, SourceRecord } from '../connector.ts';
import { decodeCursor, encodeCursor, isoTime } from './cursor-values.ts';
import {
  describePlan,
  matchProblem,
  pageSize,
  planEntities,
  savedQueriesOf,
  settingProblems,
  type CatalogueColumn,
  type CatalogueTable,
  type EntityPlan,
} from './sql-catalogue.ts';
import type { Query, Row, SqlDriver } from './sql-driver.ts';

// The `Connector` port over any SQL database: tables, views and saved queries read page
// by page in keyset order (change column, then id: never OFFSET, so a page boundary
// cannot skip or repeat a row while others write), written by upsert in one transaction
// per batch. Every statement is built from the catalogue's identifiers, quoted, and
// every value is bound: nothing from a record ever becomes SQL text.

export interface SqlConnectorOptions {
  readonly appName: string;
  readonly config: Readonly<Record<string, string>>;
  readonly driver: SqlDriver;
}

/** A problem with the app's settings or a flow's mapping, in plain words: the record waits in the failure queue. */
export function settingsError(appName: string, summary: string): SyncError {
  return new SyncError('validation', appName, { summary: `${appName}: ${summary}` });
}

export function createSqlConnector({ appName, config, driver }: SqlConnectorOptions): Connector {
  const q = (name: string) => driver.quote(name);
  let plans: Map<string, EntityPlan> | undefined;
  let loading: Promise<Map<string, EntityPlan>> | undefined;

  async function loadCatalogue(): Promise<Map<string, EntityPlan>> {
    let saved;
    try {
      saved = savedQueriesOf(config);
    } catch (error) {
      throw settingsError(appName, (error as Error).message);
    }
    const tables = await driver.catalogue();
    const queries: CatalogueTable[] = [];
    for (const query of saved) {
      const columns = await driver.queryColumns(query.sql).catch((error: unknown) => {
        const reason = driver.classify(error);
        throw settingsError(
          appName,
          `the saved query "${query.name}" does not run: ${reason.detail ?? reason.message}`,
        );
      });
      queries.push({
        name: query.name,
        kind: 'query',
        columns,
        primaryKey: undefined,
        unique: [],
        sql: query.sql,
      });
    }
    try {
      return planEntities(tables, queries, config);
    } catch (error) {
      throw settingsError(appName, (error as Error).message);
    }
  }

  /** The catalogue, read once per connector (one run, one editor request). */
  async function load(): Promise<Map<string, EntityPlan>> {
    loading ??= loadCatalogue().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    plans = await loading;
    return plans;
  }

  async function planOf(entity: string): Promise<EntityPlan> {
    const plan = (await load()).get(entity.toLowerCase());
    if (!plan)
      throw new SyncError('not_found', appName, {
        summary: `${appName} has no table, view or saved query called "${entity}" (it may have been renamed or dropped).`,
      });
    return plan;
  }

  function idOf(plan: EntityPlan): string {
    if (plan.idColumn === undefined)
      throw settingsError(
        appName,
        `the table "${plan.table.name}" has no primary key or unique column, so Patchbay cannot tell its rows apart. Give it a primary key.`,
      );
    return plan.idColumn;
  }

  function writable(plan: EntityPlan): EntityPlan {
    if (plan.table.kind !== 'table')
      throw settingsError(
        appName,
        `"${plan.table.name}" is a ${plan.table.kind === 'view' ? 'view' : 'saved query'}, and Patchbay writes only to tables.`,
      );
    return plan;
  }

  /** Runs `work`, answering the database's errors as SyncErrors in plain words. */
  async function guarded<T>(table: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw driver.classify(error, table);
    }
  }

  const source = (plan: EntityPlan) =>
    plan.table.kind === 'query'
      ? `(${plan.table.sql}) AS ${q('patchbay_query')}`
      : driver.tableName(plan.table.name);

  /** A saved query runs read-only: a user's SELECT cannot change data through Patchbay. */
  const reading = (plan: EntityPlan, sql: string, values: readonly unknown[]) =>
    plan.table.kind === 'query' ? driver.readOnly((query) => query(sql, values)) : driver.query(sql, values);

  function recordOf(plan: EntityPlan, row: Row): SourceRecord {
    const fields: Record<string, unknown> = {};
    for (const column of plan.table.columns) fields[column.name] = fieldValue(row[column.name], column);
    return {
      id: String(row[idOf(plan)]),
      fields,
      cursorValue: plan.cursor ? encodeCursor(plan.cursor.cursorKind!, row[plan.cursor.name]) : undefined,
    };
  }

  /** The columns a record's fields name, as the table spells them; a field it lacks is a plain problem. */
  function columnsOf(plan: EntityPlan, record: Record<string, unknown>): CatalogueColumn[] {
    return Object.keys(record).map((field) => {
      const column = plan.table.columns.find((c) => c.name.toLowerCase() === field.toLowerCase());
      if (!column)
        throw settingsError(
          appName,
          `the table "${plan.table.name}" has no column called "${field}". Change the flow's mapping to write to one of its columns.`,
        );
      return column;
    });
  }

  /** The unique column whose value is every item's key, when the app's settings name none. */
  function matchColumnOf(
    plan: EntityPlan,
    items: readonly { key: string; record: Record<string, unknown> }[],
  ) {
    if (plan.matchColumn !== undefined) {
      const problem = matchProblem(plan.table, plan.matchColumn);
      if (problem) throw settingsError(appName, problem);
      return plan.matchColumn;
    }
    const holding = plan.table.columns.filter((column) =>
      items.every((item) => {
        const field = Object.keys(item.record).find((f) => f.toLowerCase() === column.name.toLowerCase());
        return field !== undefined && String(item.record[field]) === item.key;
      }),
    );
    const unique = holding.find((c) =>
      plan.table.unique.some((u) => u.toLowerCase() === c.name.toLowerCase()),
    );
    if (unique) return unique.name;
    if (holding[0]) throw settingsError(appName, matchProblem(plan.table, holding[0].name)!);
    throw settingsError(
      appName,
      `Patchbay could not tell which column of "${plan.table.name}" holds the flow's match key: name it in the app's Match columns setting (${plan.table.name}.column).`,
    );
  }

  async function writeRows(
    query: Query,
    plan: EntityPlan,
    matchColumn: string,
    items: readonly { record: Record<string, unknown> }[],
  ): Promise<Row[]> {
    const answered: Row[] = [];
    // Records with the same fields go in one statement; most pages are one group.
    const groups = new Map<string, { columns: CatalogueColumn[]; records: Record<string, unknown>[] }>();
    for (const { record } of items) {
      const columns = columnsOf(plan, record);
      const signature = columns.map((c) => c.name).join('\u0000');
      const group = groups.get(signature) ?? { columns, records: [] };
      group.records.push(record);
      groups.set(signature, group);
    }
    for (const { columns, records } of groups.values()) {
      const perStatement = Math.max(1, Math.floor(driver.maxValues / Math.max(1, columns.length)));
      for (let start = 0; start < records.length; start += perStatement) {
        const chunk = records.slice(start, start + perStatement);
        const values = chunk.flatMap((record) =>
          Object.keys(record).map((field, i) => driver.toValue(record[field], columns[i])),
        );
        const names = columns.map((c) => c.name);
        answered.push(
          ...(await query(
            driver.upsert(plan.table.name, names, matchColumn, chunk.length, idOf(plan)),
            values,
          )),
        );
      }
    }
    return answered;
  }

  async function idsByKey(query: Query, plan: EntityPlan, matchColumn: string, keys: readonly string[]) {
    const ids = new Map<string, string>();
    const id = idOf(plan);
    for (let start = 0; start < keys.length; start += driver.maxValues) {
      const chunk = keys.slice(start, start + driver.maxValues);
      const list = chunk.map((_, i) => driver.placeholder(i + 1)).join(', ');
      const rows = await query(
        `SELECT ${q(id)} AS ${q('pb_id')}, ${q(matchColumn)} AS ${q('pb_key')} FROM ${driver.tableName(plan.table.name)} WHERE ${q(matchColumn)} IN (${list})`,
        chunk,
      );
      for (const row of rows) ids.set(String(row.pb_key).toLowerCase(), String(row.pb_id));
    }
    return ids;
  }

  return {
    appName,

    async prepare() {
      await guarded(undefined, load);
    },

    entityNames: () => [...(plans?.values() ?? [])].map((plan) => plan.table.name),

    describe(entity: string): EntityDescription | undefined {
      const plan = plans?.get(entity.toLowerCase());
      return plan ? describePlan(plan) : undefined;
    },

    async check() {
      await guarded(undefined, async () => {
        await driver.ping();
        loading = undefined;
        const fresh = await load();
        const problems = settingProblems(fresh, config);
        if (problems.length > 0) throw settingsError(appName, problems.join(' '));
      });
    },

    async readPage(entity: string, cursor: string, state: PageState | undefined): Promise<Page> {
      const plan = await guarded(undefined, () => planOf(entity));
      return guarded(plan.table.name, async () => {
        const id = q(idOf(plan));
        const after = Array.isArray(state?.after) ? (state.after as unknown[]) : undefined;
        const where: string[] = [];
        const values: unknown[] = [];
        const bind = (value: unknown) => (values.push(value), driver.placeholder(values.length));
        let order = id;
        if (plan.cursor) {
          const marker = q(plan.cursor.name);
          order = `${marker}, ${id}`;
          where.push(`${marker} IS NOT NULL`);
          if (after) where.push(`(${marker}, ${id}) > (${bind(after[0])}, ${bind(after[1])})`);
          else {
            const from = decodeCursor(plan.cursor.cursorKind!, cursor);
            if (from !== undefined) where.push(`${marker} >= ${bind(from)}`);
          }
        } else if (after) where.push(`${id} > ${bind(after[0])}`);
        const sql = `SELECT * FROM ${source(plan)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${pageSize + 1}`;
        const rows = await reading(plan, sql, values);
        const more = rows.length > pageSize;
        const pageRows = more ? rows.slice(0, pageSize) : rows;
        const last = pageRows.at(-1);
        const next =
          more && last
            ? { after: plan.cursor ? [last[plan.cursor.name], last[idOf(plan)]] : [last[idOf(plan)]] }
            : undefined;
        return { records: pageRows.map((row) => recordOf(plan, row)), next };
      });
    },

    async getRecord(entity: string, recordId: string) {
      const plan = await guarded(undefined, () => planOf(entity));
      return guarded(plan.table.name, async () => {
        const sql = `SELECT * FROM ${source(plan)} WHERE ${q(idOf(plan))} = ${driver.placeholder(1)}`;
        const [row] = await reading(plan, sql, [recordId]);
        return row ? recordOf(plan, row) : undefined;
      });
    },

    async lookup(entity: string, key: string) {
      const plan = writable(await guarded(undefined, () => planOf(entity)));
      return guarded(plan.table.name, async () => {
        const column = plan.matchColumn ?? idOf(plan);
        const ids = await idsByKey(driver.query, plan, column, [key]);
        return ids.get(key.toLowerCase());
      });
    },

    async create(entity: string, record: Record<string, unknown>) {
      const plan = writable(await guarded(undefined, () => planOf(entity)));
      return guarded(plan.table.name, () =>
        driver.transaction(async (query) => {
          const columns = columnsOf(plan, record);
          const values = Object.keys(record).map((field, i) => driver.toValue(record[field], columns[i]));
          const id = idOf(plan);
          const sql = `INSERT INTO ${driver.tableName(plan.table.name)} (${columns.map((c) => q(c.name)).join(', ')}) VALUES (${values.map((_, i) => driver.placeholder(i + 1)).join(', ')})`;
          const [answer] = await query(driver.returning ? `${sql} RETURNING ${q(id)}` : sql, values);
          const given = Object.keys(record).find((f) => f.toLowerCase() === id.toLowerCase());
          return String(answer?.[id] ?? (given !== undefined ? record[given] : answer?.insertId));
        }),
      );
    },

    async update(entity: string, targetId: string, record: Record<string, unknown>) {
      const plan = writable(await guarded(undefined, () => planOf(entity)));
      return guarded(plan.table.name, async () => {
        const columns = columnsOf(plan, record);
        const values = Object.keys(record).map((field, i) => driver.toValue(record[field], columns[i]));
        const set = columns.map((c, i) => `${q(c.name)} = ${driver.placeholder(i + 1)}`).join(', ');
        const sql = `UPDATE ${driver.tableName(plan.table.name)} SET ${set} WHERE ${q(idOf(plan))} = ${driver.placeholder(values.length + 1)}`;
        await driver.transaction((query) => query(sql, [...values, targetId]));
        return targetId;
      });
    },

    async batchUpsert(entity, items) {
      const plan = writable(await guarded(undefined, () => planOf(entity)));
      if (items.some((item) => item.key === ''))
        throw settingsError(
          appName,
          `a record for "${plan.table.name}" has no value for the flow's match key.`,
        );
      // The same key twice in one statement is refused by the database: the last one wins.
      const byKey = new Map(items.map((item) => [item.key, item]));
      const matchColumn = matchColumnOf(plan, items);
      return guarded(plan.table.name, () =>
        driver.transaction(async (query) => {
          const written = await writeRows(query, plan, matchColumn, [...byKey.values()]);
          if (!driver.returning) return idsByKey(query, plan, matchColumn, [...byKey.keys()]);
          return new Map(written.map((row) => [String(row.pb_key).toLowerCase(), String(row.pb_id)]));
        }),
      );
    },

    async remove(entity: string, targetId: string) {
      const plan = writable(await guarded(undefined, () => planOf(entity)));
      await guarded(plan.table.name, () =>
        driver.transaction((query) =>
          query(
            `DELETE FROM ${driver.tableName(plan.table.name)} WHERE ${q(idOf(plan))} = ${driver.placeholder(1)}`,
            [targetId],
          ),
        ),
      );
    },
  };
}

/** A column's value as a record field: times as ISO 8601, big numbers and bytes as text. */
function fieldValue(value: unknown, column: CatalogueColumn): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (column.isTime && typeof value === 'string') return isoTime(value, column.inUtc);
  return value;
}
