import type { SyncError } from '../../reliability/error-classes.ts';
import type { CatalogueColumn, CatalogueTable } from './sql-catalogue.ts';

// What the database connector needs of one kind of database (PostgreSQL, MySQL/MariaDB,
// SQLite): its catalogue, its quoting and placeholders, its upsert statement, a way to
// run statements (with bound values only) and its errors in plain words.

export type Row = Record<string, unknown>;

/** Runs one statement with its values bound; answers the rows it returns. */
export type Query = (sql: string, values: readonly unknown[]) => Promise<Row[]>;

export interface SqlDriver {
  /** An identifier quoted for this database, quote characters inside it doubled. */
  quote(name: string): string;
  /** The table as the statements name it (with its schema where the database has them). */
  tableName(table: string): string;
  /** The placeholder of the n-th bound value (1-based): `$1` or `?`. */
  placeholder(n: number): string;
  /**
   * `INSERT … ON CONFLICT (match…) DO UPDATE` (or `ON DUPLICATE KEY UPDATE`) for `rows`
   * rows of `columns`, with placeholders numbered from 1. Where the database has
   * `RETURNING`, it answers each row's id columns as `pb_id0…` and match columns as
   * `pb_key0…` (`keyColumnsAs`).
   */
  upsert(
    table: string,
    columns: readonly string[],
    matchColumns: readonly string[],
    rows: number,
    idColumns: readonly string[],
  ): string;
  /** How many values one statement may bind. */
  readonly maxValues: number;
  /** Takes `INSERT … RETURNING` (else an insert answers `[{ insertId }]`). */
  readonly returning: boolean;

  /** Signs in and proves the connection (a `SELECT 1`). */
  ping(): Promise<void>;
  /** The tables and views of the app's database (or schema). */
  catalogue(): Promise<CatalogueTable[]>;
  /** The columns a saved query returns, found without reading its rows. */
  queryColumns(sql: string): Promise<CatalogueColumn[]>;
  query: Query;
  /** Runs `work` in one transaction, committed when it returns and rolled back when it throws. */
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  /** Runs `work` in a read-only transaction (saved queries: a user's SELECT cannot change data). */
  readOnly<T>(work: (query: Query) => Promise<T>): Promise<T>;
  /** A record's value as this database takes it bound (booleans, objects, times). */
  toValue(value: unknown, column: CatalogueColumn | undefined): unknown;

  /** A driver error as a SyncError in plain words, naming the table when there is one. */
  classify(error: unknown, table?: string): SyncError;
}
