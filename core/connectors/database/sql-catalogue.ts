import type { EntityDescription } from '../../contract/connectors.ts';
import type { CursorKind } from './cursor-values.ts';
import { parseSavedQueries, parseTableColumns, parseTableKeys } from './database-settings.ts';

// What a database holds, as its catalogue says (information_schema, sqlite pragmas), and
// how Patchbay reads and writes each table, view or saved query: which column is a row's
// id, which marks a changed row, which a write matches on.

export interface CatalogueColumn {
  readonly name: string;
  /** How the column compares when it is a change column; undefined when it cannot be one. */
  readonly cursorKind: CursorKind | undefined;
  /** Holds timestamps (given to flows as ISO 8601). */
  readonly isTime: boolean;
  /** Timestamps with a time zone (read in UTC). */
  readonly inUtc: boolean;
  readonly nullable: boolean;
}

export interface CatalogueTable {
  readonly name: string;
  readonly kind: 'table' | 'view' | 'query';
  readonly columns: readonly CatalogueColumn[];
  /** The primary key's columns, in key order; empty when it has none. */
  readonly primaryKey: readonly string[];
  /**
   * The columns of each unique index or constraint (the primary key included), in index
   * order: one column, or several unique together (order_no, line_no).
   */
  readonly unique: readonly (readonly string[])[];
  /** For a saved query: its SELECT. */
  readonly sql?: string;
}

export interface EntityPlan {
  readonly table: CatalogueTable;
  /** The columns whose values are a row's id (one, or a composite key); reads are ordered by them. Empty: none. */
  readonly idColumns: readonly string[];
  /** The change column, for incremental reads. */
  readonly cursor: CatalogueColumn | undefined;
  /** The columns writes match on (one, or several unique together), when the app's settings name them. */
  readonly matchColumns: readonly string[] | undefined;
}

/** Names a column called like this, holding times or a growing number, the change column by default. */
const changeColumnNames = new Set([
  'updated_at',
  'updatedat',
  'modified_at',
  'modifiedat',
  'last_modified',
  'lastmodified',
  'last_update',
  'last_updated',
  'changed_at',
  'date_modified',
  'modified',
  'updated',
]);

export const pageSize = 500;
/** Rows per upsert transaction: a folder's page of 1,000 rows is one transaction. */
export const batchSize = 1000;

/** The catalogue's tables and views with the app's saved queries, each planned. */
export function planEntities(
  tables: readonly CatalogueTable[],
  queries: readonly CatalogueTable[],
  config: Readonly<Record<string, string>>,
): Map<string, EntityPlan> {
  const matchColumns = parseTableKeys(config.matchColumns);
  const changeColumns = parseTableColumns(config.changeColumns);
  const plans = new Map<string, EntityPlan>();
  for (const table of [...tables, ...queries]) {
    const key = table.name.toLowerCase();
    const columnNamed = (name: string | undefined) =>
      name === undefined ? undefined : table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    const chosenChange = changeColumns.get(key);
    const cursor =
      chosenChange !== undefined
        ? columnNamed(chosenChange)
        : table.kind === 'table'
          ? table.columns.find(
              (c) => changeColumnNames.has(c.name.toLowerCase()) && c.cursorKind !== undefined && !c.nullable,
            )
          : undefined;
    const first = table.columns[0] ? [table.columns[0].name] : [];
    const idColumns =
      table.kind === 'query'
        ? first
        : table.primaryKey.length > 0
          ? table.primaryKey
          : (table.unique.find((set) => set.length === 1) ??
            table.unique[0] ??
            (table.kind === 'view' ? first : []));
    const match = matchColumns.get(key);
    plans.set(key, {
      table,
      idColumns,
      cursor: cursor?.cursorKind ? cursor : undefined,
      matchColumns: match?.map((name) => columnNamed(name)?.name ?? name),
    });
  }
  return plans;
}

/** The saved queries of the app's settings, before their columns are known. */
export const savedQueriesOf = (config: Readonly<Record<string, string>>) => parseSavedQueries(config.queries);

export function describePlan(plan: EntityPlan): EntityDescription {
  const writable = plan.table.kind === 'table';
  return {
    name: plan.table.name,
    label: plan.table.kind === 'query' ? `${plan.table.name} (saved query)` : plan.table.name,
    canList: plan.idColumns.length > 0,
    canGet: plan.idColumns.length > 0,
    canLookup: writable,
    canCreate: writable,
    canUpdate: writable,
    canBatchUpsert: writable,
    canDelete: writable && plan.idColumns.length > 0,
    incremental: plan.cursor !== undefined,
    initialCursor: '',
    batchSize,
    writeConcurrency: 1,
    ...(writable ? { createRetry: 'upsert' as const } : {}),
    fields: plan.table.columns.map((c) => ({ name: c.name })),
    // A field that is not a column is refused by name before any SQL is sent.
    ...(writable ? { onlyListedFields: true } : {}),
  };
}

/**
 * What is wrong with the app's per-table choices, in plain words: a match column that is
 * not unique, a change column that is missing, empty-able or of a kind that cannot mark
 * a change. Empty when all is well.
 */
export function settingProblems(
  plans: ReadonlyMap<string, EntityPlan>,
  config: Readonly<Record<string, string>>,
): string[] {
  const problems: string[] = [];
  const tableNamed = (name: string) => plans.get(name);
  for (const [table, columns] of parseTableKeys(config.matchColumns)) {
    const plan = tableNamed(table);
    if (!plan) problems.push(`There is no table called "${table}" (named in Match columns).`);
    else if (plan.table.kind !== 'table')
      problems.push(
        `"${plan.table.name}" is a ${plan.table.kind === 'view' ? 'view' : 'saved query'}: Patchbay can only write to tables.`,
      );
    else {
      const problem = matchProblem(plan.table, columns);
      if (problem) problems.push(problem);
    }
  }
  for (const [table, column] of parseTableColumns(config.changeColumns)) {
    const plan = tableNamed(table);
    const found = plan?.table.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
    if (!plan) problems.push(`There is no table called "${table}" (named in Change columns).`);
    else if (!found) problems.push(`The table "${plan.table.name}" has no column called "${column}".`);
    else if (!found.cursorKind)
      problems.push(
        `"${plan.table.name}"."${found.name}" cannot mark changed rows: choose a column holding a date and time, or a whole number that only grows.`,
      );
    else if (found.nullable && plan.table.kind === 'table')
      problems.push(
        `"${plan.table.name}"."${found.name}" may be empty, and rows where it is empty would never be read: make it NOT NULL or choose another change column.`,
      );
  }
  return problems;
}

/** True when `columns` are unique together: some unique index has exactly them, in any order. */
export function isUniqueSet(table: CatalogueTable, columns: readonly string[]): boolean {
  const wanted = new Set(columns.map((c) => c.toLowerCase()));
  return table.unique.some(
    (set) => set.length === wanted.size && set.every((c) => wanted.has(c.toLowerCase())),
  );
}

/** Why `columns` of `table` cannot be what writes match on, or undefined when they can. */
export function matchProblem(table: CatalogueTable, columns: readonly string[]): string | undefined {
  const found: string[] = [];
  for (const column of columns) {
    const match = table.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
    if (!match) return `The table "${table.name}" has no column called "${column}".`;
    found.push(match.name);
  }
  if (isUniqueSet(table, found)) return undefined;
  if (found.length === 1)
    return `The column "${found[0]}" of the table "${table.name}" is not unique, so Patchbay cannot use it to find the row to update. Give it a unique index (CREATE UNIQUE INDEX ON ${table.name} (${found[0]})) or choose another match column.`;
  const named = found.map((c) => `"${c}"`);
  return `The columns ${named.slice(0, -1).join(', ')} and ${named.at(-1)} of the table "${table.name}" are not unique together, so Patchbay cannot use them to find the row to update. Give them a unique index (CREATE UNIQUE INDEX ON ${table.name} (${found.join(', ')})) or choose other match columns.`;
}

/**
 * A table's keys from its unique indexes, as catalogues list them (one row per index,
 * columns in index order): the primary key and every set of columns unique together.
 */
export function keysOf(indexes: readonly { columns: readonly string[]; primary: boolean }[]): {
  primaryKey: string[];
  unique: string[][];
} {
  const unique: string[][] = [];
  for (const index of indexes) {
    const known = unique.some(
      (set) => set.length === index.columns.length && set.every((c, i) => c === index.columns[i]),
    );
    if (!known && index.columns.length > 0) unique.push([...index.columns]);
  }
  return { primaryKey: [...(indexes.find((i) => i.primary)?.columns ?? [])], unique };
}

/** Catalogue rows of one table's unique indexes (one row per column, in index order) as indexes. */
export function indexesOf(
  rows: readonly Readonly<Record<string, unknown>>[],
): { columns: string[]; primary: boolean }[] {
  const indexes = new Map<string, { columns: string[]; primary: boolean }>();
  for (const row of rows) {
    const id = String(row.index_id);
    const index = indexes.get(id) ?? {
      columns: [],
      primary: row.is_primary === true || String(row.is_primary) === '1',
    };
    index.columns.push(String(row.column_name));
    indexes.set(id, index);
  }
  return [...indexes.values()];
}
