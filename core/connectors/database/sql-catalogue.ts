import type { EntityDescription } from '../../contract/connectors.ts';
import type { CursorKind } from './cursor-values.ts';
import { parseSavedQueries, parseTableColumns } from './database-settings.ts';

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
  /** The single-column primary key, if it has one. */
  readonly primaryKey: string | undefined;
  /** Columns with a unique index or constraint of their own (the primary key included). */
  readonly unique: readonly string[];
  /** For a saved query: its SELECT. */
  readonly sql?: string;
}

export interface EntityPlan {
  readonly table: CatalogueTable;
  /** The column whose value is a row's id; reads are ordered by it. */
  readonly idColumn: string | undefined;
  /** The change column, for incremental reads. */
  readonly cursor: CatalogueColumn | undefined;
  /** The column writes match on, when the app's settings name one. */
  readonly matchColumn: string | undefined;
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
  const matchColumns = parseTableColumns(config.matchColumns);
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
    const idColumn =
      table.kind === 'query'
        ? table.columns[0]?.name
        : (table.primaryKey ??
          table.unique[0] ??
          (table.kind === 'view' ? table.columns[0]?.name : undefined));
    const match = matchColumns.get(key);
    plans.set(key, {
      table,
      idColumn,
      cursor: cursor?.cursorKind ? cursor : undefined,
      matchColumn: match === undefined ? undefined : (columnNamed(match)?.name ?? match),
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
    canList: plan.idColumn !== undefined,
    canGet: plan.idColumn !== undefined,
    canLookup: writable,
    canCreate: writable,
    canUpdate: writable,
    canBatchUpsert: writable,
    canDelete: writable && plan.idColumn !== undefined,
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
  for (const [table, column] of parseTableColumns(config.matchColumns)) {
    const plan = tableNamed(table);
    if (!plan) problems.push(`There is no table called "${table}" (named in Match columns).`);
    else if (plan.table.kind !== 'table')
      problems.push(
        `"${plan.table.name}" is a ${plan.table.kind === 'view' ? 'view' : 'saved query'}: Patchbay can only write to tables.`,
      );
    else {
      const problem = matchProblem(plan.table, column);
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

/** Why `column` of `table` cannot be the column writes match on, or undefined when it can. */
export function matchProblem(table: CatalogueTable, column: string): string | undefined {
  const found = table.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
  if (!found) return `The table "${table.name}" has no column called "${column}".`;
  if (!table.unique.some((u) => u.toLowerCase() === column.toLowerCase()))
    return `The column "${found.name}" of the table "${table.name}" is not unique, so Patchbay cannot use it to find the row to update. Give it a unique index (CREATE UNIQUE INDEX ON ${table.name} (${found.name})) or choose another match column.`;
  return undefined;
}
