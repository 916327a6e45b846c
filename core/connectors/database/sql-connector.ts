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
import { keyColumnsAs, keyValues } from './key-columns.ts';
import { joinKey, splitKey } from '../../contract/composite-key.ts';

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
        primaryKey: [],
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

  function idOf(plan: EntityPlan): readonly string[] {
    if (plan.idColumns.length === 0)
      throw settingsError(
        appName,
        `the table "${plan.table.name}" has no primary key or unique column, so Patchbay cannot tell its rows apart. Give it a primary key.`,
      );
    return plan.idColumns;
  }

  /** `"a" = $1 AND "b" = $2` for a row's id columns, the values from an id text; undefined when it is none. */
  function whereId(plan: EntityPlan, id: string, from = 1) {
    const columns = idOf(plan);
    const values = splitKey(id, columns.length);
    if (!values) return undefined;
    const sql = columns.map((c, i) => `${q(c)} = ${driver.placeholder(from + i)}`).join(' AND ');
    return { sql, values };
  }

  /** As `whereId`, for a change: an id that is none is a row that is not there. */
  function mustWhereId(plan: EntityPlan, id: string, from = 1) {
    const found = whereId(plan, id, from);
    if (!found)
      throw new SyncError('not_found', appName, {
        summary: `${appName} has no row "${id}" in "${plan.table.name}": that is not a value of its ${idOf(plan).join(' + ')}.`,
      });
    return found;
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
      id: joinKey(idOf(plan).map((c) => row[c])),
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

  /**
   * The columns whose values are every item's key (one unique column, or columns unique
   * together), when the app's settings name none.
   */
  function matchColumnsOf(
    plan: EntityPlan,
    items: readonly { key: string; record: Record<string, unknown> }[],
  ): readonly string[] {
    if (plan.matchColumns !== undefined) {
      const problem = matchProblem(plan.table, plan.matchColumns);
      if (problem) throw settingsError(appName, problem);
      return plan.matchColumns;
    }
    const holds = (columns: readonly string[]) =>
      items.every((item) => {
        const key = tupleOf(item.record, columns);
        return key !== '' && key === item.key;
      });
    const unique = plan.table.unique.find(holds);
    if (unique) return unique;
    const holding = plan.table.columns.find((column) => holds([column.name]));
    if (holding) throw settingsError(appName, matchProblem(plan.table, [holding.name])!);
    throw settingsError(
      appName,
      `Patchbay could not tell which column of "${plan.table.name}" holds the flow's match key: name it in the app's Match columns setting (${plan.table.name}.column).`,
    );
  }

  async function writeRows(
    query: Query,
    plan: EntityPlan,
    matchColumns: readonly string[],
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
            driver.upsert(plan.table.name, names, matchColumns, chunk.length, idOf(plan)),
            values,
          )),
        );
      }
    }
    return answered;
  }

  /**
   * The ids of the rows with these match values (each a tuple of the match columns'
   * values), by the lower-cased key text of each tuple: `WHERE "m" IN (…)`, or
   * `WHERE ("m1", "m2") IN ((…), (…))` for columns unique together.
   */
  async function idsByKey(
    query: Query,
    plan: EntityPlan,
    matchColumns: readonly string[],
    tuples: readonly (readonly unknown[])[],
  ) {
    const ids = new Map<string, string>();
    const id = idOf(plan);
    const width = matchColumns.length;
    const perStatement = Math.max(1, Math.floor(driver.maxValues / width));
    const names = matchColumns.map(q).join(', ');
    for (let start = 0; start < tuples.length; start += perStatement) {
      const chunk = tuples.slice(start, start + perStatement);
      let n = 0;
      const list = chunk
        .map(() => {
          const marks = matchColumns.map(() => driver.placeholder(++n)).join(', ');
          return width === 1 ? marks : `(${marks})`;
        })
        .join(', ');
      const rows = await query(
        `SELECT ${keyColumnsAs(q, id, matchColumns)} FROM ${driver.tableName(plan.table.name)} WHERE ${width === 1 ? names : `(${names})`} IN (${list})`,
        chunk.flat(),
      );
      for (const row of rows) ids.set(answeredKey(row, width), joinKey(keyValues(row, 'pb_id', id.length)));
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
        // Keyset order: (change column, id columns…), or the id columns alone.
        const keyset = [...(plan.cursor ? [plan.cursor.name] : []), ...idOf(plan)];
        const after = Array.isArray(state?.after) ? (state.after as unknown[]) : undefined;
        const where: string[] = [];
        const values: unknown[] = [];
        const bind = (value: unknown) => (values.push(value), driver.placeholder(values.length));
        const order = keyset.map(q).join(', ');
        if (plan.cursor) {
          const marker = q(plan.cursor.name);
          where.push(`${marker} IS NOT NULL`);
          if (!after) {
            const from = decodeCursor(plan.cursor.cursorKind!, cursor);
            if (from !== undefined) where.push(`${marker} >= ${bind(from)}`);
          }
        }
        if (after) where.push(`(${order}) > (${keyset.map((_, i) => bind(after[i])).join(', ')})`);
        const sql = `SELECT * FROM ${source(plan)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${pageSize + 1}`;
        const rows = await reading(plan, sql, values);
        const more = rows.length > pageSize;
        const pageRows = more ? rows.slice(0, pageSize) : rows;
        const last = pageRows.at(-1);
        const next = more && last ? { after: keyset.map((c) => last[c]) } : undefined;
        return { records: pageRows.map((row) => recordOf(plan, row)), next };
      });
    },

    async getRecord(entity: string, recordId: string) {
      const plan = await guarded(undefined, () => planOf(entity));
      return guarded(plan.table.name, async () => {
        const key = whereId(plan, recordId);
        if (!key) return undefined;
        const [row] = await reading(plan, `SELECT * FROM ${source(plan)} WHERE ${key.sql}`, key.values);
        return row ? recordOf(plan, row) : undefined;
      });
    },

    async lookup(entity: string, key: string) {
      const plan = writable(await guarded(undefined, () => planOf(entity)));
      return guarded(plan.table.name, async () => {
        const columns = plan.matchColumns ?? idOf(plan);
        const values = splitKey(key, columns.length);
        if (!values) return undefined;
        const ids = await idsByKey(driver.query, plan, columns, [values]);
        return ids.get(joinKey(values).toLowerCase());
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
          const [answer] = await query(
            driver.returning ? `${sql} RETURNING ${keyColumnsAs(q, id, [])}` : sql,
            values,
          );
          if (driver.returning && answer) return joinKey(keyValues(answer, 'pb_id', id.length));
          // MySQL answers only an auto-increment id: else the record's own values are the id.
          const given = tupleOf(record, id);
          return given !== '' ? given : String(answer?.insertId);
        }),
      );
    },

    async update(entity: string, targetId: string, record: Record<string, unknown>) {
      const plan = writable(await guarded(undefined, () => planOf(entity)));
      return guarded(plan.table.name, async () => {
        const columns = columnsOf(plan, record);
        const values = Object.keys(record).map((field, i) => driver.toValue(record[field], columns[i]));
        const set = columns.map((c, i) => `${q(c.name)} = ${driver.placeholder(i + 1)}`).join(', ');
        const key = mustWhereId(plan, targetId, values.length + 1);
        const sql = `UPDATE ${driver.tableName(plan.table.name)} SET ${set} WHERE ${key.sql}`;
        await driver.transaction((query) => query(sql, [...values, ...key.values]));
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
      const matchColumns = matchColumnsOf(plan, items);
      // Each item's values of the match columns: what the database answers rows by.
      const byTuple = new Map<string, { key: string; tuple: unknown[]; record: Record<string, unknown> }>();
      for (const item of items) {
        const tuple = matchColumns.map((c) => fieldOf(item.record, c));
        const text = joinKey(tuple);
        if (text === '')
          throw settingsError(
            appName,
            `a record for "${plan.table.name}" has no value for ${matchColumns.map((c) => `"${c}"`).join(' and ')}, which Patchbay finds its row by.`,
          );
        // The same key twice in one statement is refused by the database: the last one wins.
        byTuple.delete(text.toLowerCase());
        byTuple.set(text.toLowerCase(), { key: item.key, tuple, record: item.record });
      }
      const written = [...byTuple.values()];
      return guarded(plan.table.name, () =>
        driver.transaction(async (query) => {
          const answered = await writeRows(query, plan, matchColumns, written);
          const ids = driver.returning
            ? new Map(
                answered.map((row) => [
                  answeredKey(row, matchColumns.length),
                  joinKey(keyValues(row, 'pb_id', idOf(plan).length)),
                ]),
              )
            : await idsByKey(
                query,
                plan,
                matchColumns,
                written.map((w) => w.tuple),
              );
          // Answered by the flow's keys, whatever the match columns' values read back as.
          const byKey = new Map<string, string>();
          for (const [text, item] of byTuple) {
            const id = ids.get(text);
            if (id !== undefined) byKey.set(item.key.toLowerCase(), id);
          }
          return byKey;
        }),
      );
    },

    async remove(entity: string, targetId: string) {
      const plan = writable(await guarded(undefined, () => planOf(entity)));
      const key = mustWhereId(plan, targetId);
      await guarded(plan.table.name, () =>
        driver.transaction((query) =>
          query(`DELETE FROM ${driver.tableName(plan.table.name)} WHERE ${key.sql}`, key.values),
        ),
      );
    },
  };
}

/** The record's value for a column, its field found without regard to case. */
function fieldOf(record: Record<string, unknown>, column: string): unknown {
  const field = Object.keys(record).find((f) => f.toLowerCase() === column.toLowerCase());
  return field === undefined ? undefined : record[field];
}

/** The key text of the record's values in `columns` (empty when one is missing). */
const tupleOf = (record: Record<string, unknown>, columns: readonly string[]) =>
  joinKey(columns.map((c) => fieldOf(record, c)));

/** The lower-cased key text of the match values a statement answered (`pb_key0…`). */
const answeredKey = (row: Readonly<Record<string, unknown>>, width: number) =>
  joinKey(keyValues(row, 'pb_key', width)).toLowerCase();

/** A column's value as a record field: times as ISO 8601, big numbers and bytes as text. */
function fieldValue(value: unknown, column: CatalogueColumn): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (column.isTime && typeof value === 'string') return isoTime(value, column.inUtc);
  return value;
}
