import type { IdleConnection } from './idle-connection.ts';
import type { SqlDriver } from './sql-driver.ts';
import type { ServerPlace } from './database-errors.ts';
import { portOf } from './database-settings.ts';
import { settingsError } from './sql-connector.ts';
import { keyColumnsAs } from './key-columns.ts';

// The pieces of SQL every dialect builds the same way, from quoted identifiers and
// placeholders only, and the transaction wrapper the server drivers share.

/**
 * `INSERT INTO t (a, b) VALUES (…), (…)` then, `on-conflict` (PostgreSQL, SQLite):
 * `ON CONFLICT ("m") DO UPDATE SET "a" = excluded."a"` (`ON CONFLICT ("m1", "m2")` for
 * columns unique together), or `on-duplicate-key` (MySQL, MariaDB): `ON DUPLICATE KEY
 * UPDATE \`a\` = VALUES(\`a\`)`. With nothing but the match columns to set, it sets the
 * first to itself, so the row is still answered.
 */
export function upsertStatement(
  style: 'on-conflict' | 'on-duplicate-key',
  options: {
    quote: (name: string) => string;
    /** As the statement names it (quoted, with its schema). */
    table: string;
    columns: readonly string[];
    matchColumns: readonly string[];
    rows: number;
    placeholder: (n: number) => string;
    /** The id columns, answered by `RETURNING` where the style has it (on-conflict). */
    idColumns: readonly string[];
  },
): string {
  const { quote, columns, matchColumns } = options;
  let n = 0;
  const tuples = Array.from(
    { length: options.rows },
    () => `(${columns.map(() => options.placeholder(++n)).join(', ')})`,
  );
  const changed = columns.filter((c) => !matchColumns.includes(c));
  const set = (changed.length ? changed : matchColumns.slice(0, 1)).map((c) =>
    style === 'on-conflict' ? `${quote(c)} = excluded.${quote(c)}` : `${quote(c)} = VALUES(${quote(c)})`,
  );
  const conflict =
    style === 'on-conflict'
      ? `ON CONFLICT (${matchColumns.map(quote).join(', ')}) DO UPDATE SET`
      : 'ON DUPLICATE KEY UPDATE';
  // PostgreSQL and SQLite answer the rows written, inserted or updated, saving a SELECT.
  const returning =
    style === 'on-conflict' ? ` RETURNING ${keyColumnsAs(quote, options.idColumns, matchColumns)}` : '';
  return `INSERT INTO ${options.table} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')} ${conflict} ${set.join(', ')}${returning}`;
}

/**
 * How a database spells its statements: identifiers in double quotes (PostgreSQL,
 * SQLite) or backticks (MySQL), a quote inside one doubled; `$1` or `?` placeholders;
 * tables within a schema or not; and its upsert.
 */
export function sqlDialect(options: {
  quoteWith: '"' | '`';
  placeholders: 'numbered' | 'question-marks';
  upsert: 'on-conflict' | 'on-duplicate-key';
  schema?: string;
}): Pick<SqlDriver, 'quote' | 'tableName' | 'placeholder' | 'maxValues' | 'upsert'> {
  const mark = options.quoteWith;
  const quote = (name: string) => `${mark}${name.replaceAll(mark, mark + mark)}${mark}`;
  const tableName = (table: string) =>
    options.schema === undefined ? quote(table) : `${quote(options.schema)}.${quote(table)}`;
  const placeholder = (n: number) => (options.placeholders === 'numbered' ? `$${n}` : '?');
  return {
    quote,
    tableName,
    placeholder,
    // Below every one's limit (PostgreSQL 65535, SQLite 32766, MySQL prepared statements 65535).
    maxValues: 30_000,
    upsert: (table, columns, matchColumns, rows, idColumns) =>
      upsertStatement(options.upsert, {
        quote,
        table: tableName(table),
        columns,
        matchColumns,
        rows,
        placeholder,
        idColumns,
      }),
  };
}

/** A record's value as a bound parameter: nothing for undefined, JSON for objects, 1/0 where the database has no booleans. */
export function boundValue(value: unknown, options: { booleans: boolean }): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean' && !options.booleans) return value ? 1 : 0;
  if (typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof Date))
    return JSON.stringify(value);
  return value;
}

/**
 * `work` between `begin` and COMMIT on the connector's one connection, rolled back when
 * it throws (the rollback's own failure is not the error to report).
 */
export function transactions<C>(
  connection: IdleConnection<C>,
  execute: (client: C, sql: string) => Promise<unknown>,
) {
  return <T>(begin: string, work: (client: C) => Promise<T>): Promise<T> =>
    connection.use(async (client) => {
      await execute(client, begin);
      try {
        const result = await work(client);
        await execute(client, 'COMMIT');
        return result;
      } catch (error) {
        await execute(client, 'ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
}

/** Where a database server app connects, from its settings; a missing or malformed one is a plain problem. */
export function serverAddress(
  context: { appName: string; config: Readonly<Record<string, string>> },
  defaultPort: number,
) {
  const { config, appName } = context;
  const host = (config.host ?? '').trim();
  const database = (config.database ?? '').trim();
  const user = (config.user ?? '').trim();
  const place: ServerPlace = {
    appName,
    where: `${host}:${config.port?.trim() || defaultPort}`,
    database,
    user,
  };
  return {
    host,
    database,
    user,
    place,
    /** The port and TLS choice, checked when connecting (so a bad one is the connection test's message). */
    checked<T>(read: () => T): T & { port: number } {
      let answer: T & { port: number };
      try {
        answer = { ...read(), port: portOf(config, defaultPort) };
      } catch (error) {
        throw settingsError(appName, (error as Error).message);
      }
      if (!host || !database || !user)
        throw settingsError(
          appName,
          "give the server, the database and the user name in the app's settings.",
        );
      return answer;
    },
  };
}

/** A freshly made client after `setup` (sign in, session settings), closed again when that fails. */
export async function connected<C>(
  client: C,
  setup: () => Promise<unknown>,
  close: () => Promise<unknown>,
): Promise<C> {
  try {
    await setup();
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return client;
}
