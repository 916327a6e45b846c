import type pg from 'pg';
import type { NativeConnectorContext, NativeConnectorDefinition } from '../native-connector.ts';
import { classifyDatabaseError, type DatabaseProblem } from './database-errors.ts';
import { readCaFile, serverSettings, tlsModeOf } from './database-settings.ts';
import { createIdleConnection } from './idle-connection.ts';
import { indexesOf, keysOf, type CatalogueColumn, type CatalogueTable } from './sql-catalogue.ts';
import { createSqlConnector } from './sql-connector.ts';
import { boundValue, connected, serverAddress, transactions, sqlDialect } from './sql-statements.ts';
import type { Query, Row, SqlDriver } from './sql-driver.ts';

// PostgreSQL through `pg` (node-postgres): docs/databases.md says how to connect and
// which SQL features this relies on (ON CONFLICT, row-value comparison, RETURNING).

// Dates and times are read as the server's text, in UTC, so a microsecond is never lost
// to a JavaScript Date and a keyset bound is exactly the value the row holds.
const timeTypes = new Map<number, { inUtc: boolean }>([
  [1082, { inUtc: false }], // date
  [1114, { inUtc: false }], // timestamp
  [1184, { inUtc: true }], // timestamptz
]);
const wholeNumberTypes = new Set([20, 21, 23]); // int8, int2, int4

/** The driver, loaded on first connection: a process that never opens a PostgreSQL app never pays for it. */
const driverModule = async () => {
  const { default: driver } = await import('pg');
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      timeTypes.has(oid)
        ? (text: string) => text
        : driver.types.getTypeParser(oid, format)) as typeof driver.types.getTypeParser,
  };
  return { driver, types };
};

export const postgresConnector: NativeConnectorDefinition = {
  id: 'postgres',
  name: 'PostgreSQL',
  kind: 'database',
  category: 'database',
  version: '1',
  source: 'core/connectors/database/postgres-connector.ts',
  settings: serverSettings({ port: '5432', schema: 'public' }),
  entities: [],
  open: (context) =>
    createSqlConnector({ appName: context.appName, config: context.config, driver: postgresDriver(context) }),
};

function postgresDriver(context: NativeConnectorContext): SqlDriver {
  const { config } = context;
  const { host, database, user, place, checked } = serverAddress(context, 5432);
  const schema = (config.schema ?? '').trim() || 'public';
  const dialect = sqlDialect({ quoteWith: '"', placeholders: 'numbered', upsert: 'on-conflict', schema });

  const connection = createIdleConnection<pg.Client>({
    async open() {
      const { port, ssl } = checked(() => ({ ssl: tlsOptions(config) }));
      const { driver, types } = await driverModule();
      const client = new driver.Client({
        host,
        port,
        database,
        user,
        password: (await context.secret()) ?? '',
        ssl,
        types,
        connectionTimeoutMillis: 15_000,
        application_name: 'Patchbay',
      });
      // A server that drops the connection (restarted, idle timeout) says so here: the next use opens a new one.
      client.on('error', () => connection.discard());
      return connected(
        client,
        async () => {
          await client.connect();
          await client.query("SET TIME ZONE 'UTC'");
        },
        () => client.end(),
      );
    },
    close: (client) => client.end(),
  });

  const run =
    (client: pg.Client): Query =>
    async (sql, values) =>
      (await client.query<Row>({ text: sql, values: [...values] })).rows;
  const inTransaction = transactions(connection, (client, sql) => client.query(sql));

  return {
    ...dialect,
    returning: true,
    ping: () => connection.use(async (client) => void (await client.query('SELECT 1'))),
    catalogue: () => connection.use((client) => readCatalogue(run(client), schema)),
    queryColumns: (sql) =>
      inTransaction('BEGIN READ ONLY', async (client) => {
        const result = await client.query({ text: `SELECT * FROM (${sql}) AS "patchbay_query" LIMIT 0` });
        return result.fields.map((field) => columnOf(field.name, field.dataTypeID, true));
      }),
    query: (sql, values) => connection.use((client) => run(client)(sql, values)),
    transaction: (work) => inTransaction('BEGIN', (client) => work(run(client))),
    readOnly: (work) => inTransaction('BEGIN READ ONLY', (client) => work(run(client))),
    toValue: (value) => boundValue(value, { booleans: true }),
    classify: (error, table) => classifyDatabaseError(error, place, table, postgresProblem),
  };
}

function tlsOptions(config: Readonly<Record<string, string>>): pg.ClientConfig['ssl'] {
  const mode = tlsModeOf(config);
  if (mode === 'off') return false;
  if (mode === 'require') return { rejectUnauthorized: false };
  const caFile = (config.caFile ?? '').trim();
  // pg names the server for the certificate check itself (by host name, or by address).
  return { rejectUnauthorized: true, ...(caFile ? { ca: readCaFile(caFile) } : {}) };
}

function columnOf(name: string, typeId: number, nullable: boolean): CatalogueColumn {
  const time = timeTypes.get(typeId);
  return {
    name,
    cursorKind: time ? 'time' : wholeNumberTypes.has(typeId) ? 'number' : undefined,
    isTime: time !== undefined,
    inUtc: time?.inUtc ?? false,
    nullable,
  };
}

async function readCatalogue(query: Query, schema: string): Promise<CatalogueTable[]> {
  // pg_catalog rather than information_schema: it lists every table and view the user
  // can see with column types as OIDs, and unique indexes made without a constraint.
  const columns = await query(
    `SELECT c.relname AS table_name, c.relkind AS kind, a.attname AS column_name, a.atttypid AS type_id, NOT a.attnotnull AS nullable
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND has_table_privilege(c.oid, 'SELECT')
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  // Unique indexes without a condition or expression (the ones ON CONFLICT can use), one
  // row per key column in index order (INCLUDE columns are not key columns).
  const unique = await query(
    `SELECT t.relname AS table_name, i.indexrelid::bigint AS index_id, a.attname AS column_name, i.indisprimary AS is_primary
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
       JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = $1 AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
        AND k.position <= i.indnkeyatts
      ORDER BY i.indisprimary DESC, i.indnkeyatts, i.indexrelid, k.position`,
    [schema],
  );
  const tables = new Map<string, { kind: string; columns: CatalogueColumn[] }>();
  for (const row of columns) {
    const name = String(row.table_name);
    const table = tables.get(name) ?? { kind: String(row.kind), columns: [] };
    table.columns.push(columnOf(String(row.column_name), Number(row.type_id), row.nullable === true));
    tables.set(name, table);
  }
  return [...tables].map(([name, table]) => {
    return {
      name,
      kind: table.kind === 'v' || table.kind === 'm' ? 'view' : 'table',
      columns: table.columns,
      ...keysOf(indexesOf(unique.filter((u) => u.table_name === name))),
    };
  });
}

/** https://www.postgresql.org/docs/current/errcodes-appendix.html */
function postgresProblem(code: string): DatabaseProblem | undefined {
  if (code === '28P01' || code === '28000') return 'sign-in';
  if (code === '3D000') return 'database';
  if (code === '42501') return 'rights';
  if (code === '42P01') return 'table';
  if (code === '23505') return 'clash';
  // Data exceptions, integrity violations, an unknown column, a value of the wrong type.
  if (/^(22|23)/.test(code) || code === '42703' || code === '42804') return 'row';
  // Serialization failures, deadlocks, out of connections, locks, shutting down.
  if (/^(40|53|55|57)/.test(code)) return 'busy';
  return undefined;
}
