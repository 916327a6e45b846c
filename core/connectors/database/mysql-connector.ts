import type mysql from 'mysql2/promise';
import type { NativeConnectorContext, NativeConnectorDefinition } from '../native-connector.ts';
import { classifyDatabaseError, type DatabaseProblem } from './database-errors.ts';
import { readCaFile, serverSettings, tlsModeOf } from './database-settings.ts';
import { createIdleConnection } from './idle-connection.ts';
import { indexesOf, keysOf, type CatalogueColumn, type CatalogueTable } from './sql-catalogue.ts';
import { createSqlConnector } from './sql-connector.ts';
import { boundValue, connected, serverAddress, transactions, sqlDialect } from './sql-statements.ts';
import type { Query, Row, SqlDriver } from './sql-driver.ts';

// MySQL and MariaDB through `mysql2`: statements run as server-side prepared statements
// (`execute`), so values are bound by the server, never spliced into the SQL text.
// docs/databases.md says how to connect and which SQL features this relies on.

const wholeNumberTypes = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);
const timeTypes = new Set(['datetime', 'timestamp', 'date']);
// mysql2's column type codes (protocol ColumnDefinition) for a saved query's columns.
const wholeNumberCodes = new Set([1, 2, 3, 8, 9]);
const timeCodes = new Map([
  [7, 'timestamp'],
  [10, 'date'],
  [12, 'datetime'],
]);

export const mysqlConnector: NativeConnectorDefinition = {
  id: 'mysql',
  name: 'MySQL / MariaDB',
  kind: 'database',
  category: 'database',
  version: '1',
  source: 'core/connectors/database/mysql-connector.ts',
  settings: serverSettings({ port: '3306' }),
  entities: [],
  open: (context) =>
    createSqlConnector({ appName: context.appName, config: context.config, driver: mysqlDriver(context) }),
};

function mysqlDriver(context: NativeConnectorContext): SqlDriver {
  const { config } = context;
  const { host, database, user, place, checked } = serverAddress(context, 3306);
  const dialect = sqlDialect({ quoteWith: '`', placeholders: 'question-marks', upsert: 'on-duplicate-key' });

  const connection = createIdleConnection<mysql.Connection>({
    async open() {
      const { port, ssl } = checked(() => ({ ssl: tlsOptions(config) }));
      // Loaded on first connection: a process that never opens a MySQL app never pays for it.
      const { default: driver } = await import('mysql2/promise');
      const client = await driver.createConnection({
        host,
        port,
        database,
        user,
        password: (await context.secret()) ?? '',
        ...(ssl ? { ssl } : {}),
        // Times as the server's text (in UTC, below), whole numbers beyond 2^53 as text: nothing is rounded.
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        connectTimeout: 15_000,
        charset: 'utf8mb4',
        multipleStatements: false,
      });
      // A server that drops the connection (restarted, idle timeout) says so here: the next use opens a new one.
      client.on('error', () => connection.discard());
      // Strict: a value that does not fit is refused with a message, never cut short or zeroed.
      return connected(
        client,
        () =>
          client.query(
            "SET time_zone = '+00:00', sql_mode = CONCAT_WS(',', @@sql_mode, 'STRICT_ALL_TABLES')",
          ),
        () => client.end(),
      );
    },
    close: (client) => client.end(),
  });

  const run =
    (client: mysql.Connection): Query =>
    async (sql, values) => {
      const [result] = await client.execute(sql, values as unknown[] as string[]);
      return Array.isArray(result)
        ? (result as Row[])
        : [{ insertId: (result as mysql.ResultSetHeader).insertId }];
    };
  const inTransaction = transactions(connection, (client, sql) => client.query(sql));

  return {
    ...dialect,
    returning: false,
    ping: () => connection.use(async (client) => void (await client.query('SELECT 1'))),
    catalogue: () => connection.use((client) => readCatalogue(run(client))),
    queryColumns: (sql) =>
      connection.use(async (client) => {
        await client.query('START TRANSACTION READ ONLY');
        try {
          const [, fields] = await client.query(`SELECT * FROM (${sql}) AS patchbay_query LIMIT 0`);
          return (fields ?? []).map((field) => {
            const code = Number((field as { columnType?: number }).columnType);
            return columnOf(
              field.name,
              timeCodes.get(code) ?? (wholeNumberCodes.has(code) ? 'int' : ''),
              true,
            );
          });
        } finally {
          await client.query('ROLLBACK').catch(() => undefined);
        }
      }),
    query: (sql, values) => connection.use((client) => run(client)(sql, values)),
    transaction: (work) => inTransaction('START TRANSACTION', (client) => work(run(client))),
    readOnly: (work) => inTransaction('START TRANSACTION READ ONLY', (client) => work(run(client))),
    toValue: (value, column) => {
      // MySQL takes no zone in a time: an ISO 8601 time is written as its UTC moment.
      if (column?.isTime && typeof value === 'string' && /T.*(Z|[+-]\d\d:?\d\d)$/.test(value)) {
        const moment = new Date(value);
        if (!Number.isNaN(moment.getTime())) return moment.toISOString().replace('T', ' ').replace('Z', '');
      }
      return boundValue(value, { booleans: false });
    },
    classify: (error, table) => classifyDatabaseError(error, place, table, mysqlProblem),
  };
}

function tlsOptions(config: Readonly<Record<string, string>>): mysql.ConnectionOptions['ssl'] {
  const mode = tlsModeOf(config);
  if (mode === 'off') return undefined;
  if (mode === 'require') return { rejectUnauthorized: false };
  const caFile = (config.caFile ?? '').trim();
  return { rejectUnauthorized: true, ...(caFile ? { ca: readCaFile(caFile) } : {}) };
}

function columnOf(name: string, type: string, nullable: boolean): CatalogueColumn {
  const isTime = timeTypes.has(type);
  return {
    name,
    cursorKind: isTime ? 'time' : wholeNumberTypes.has(type) ? 'number' : undefined,
    isTime,
    // TIMESTAMP is stored as a moment and read in the session's zone, UTC; DATETIME is a wall-clock time.
    inUtc: type === 'timestamp',
    nullable,
  };
}

async function readCatalogue(query: Query): Promise<CatalogueTable[]> {
  const columns = await query(
    `SELECT c.TABLE_NAME AS table_name, t.TABLE_TYPE AS table_type, c.COLUMN_NAME AS column_name,
            c.DATA_TYPE AS data_type, c.IS_NULLABLE AS is_nullable
       FROM information_schema.COLUMNS c
       JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
      WHERE c.TABLE_SCHEMA = DATABASE()
      ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
    [],
  );
  // Unique indexes, one row per column in index order (PRIMARY is the primary key).
  const unique = await query(
    `SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_id, COLUMN_NAME AS column_name,
            INDEX_NAME = 'PRIMARY' AS is_primary
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 0
      ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX`,
    [],
  );
  const tables = new Map<string, { view: boolean; columns: CatalogueColumn[] }>();
  for (const row of columns) {
    const name = String(row.table_name);
    const table = tables.get(name) ?? { view: row.table_type === 'VIEW', columns: [] };
    table.columns.push(
      columnOf(String(row.column_name), String(row.data_type).toLowerCase(), row.is_nullable === 'YES'),
    );
    tables.set(name, table);
  }
  return [...tables].map(([name, table]) => {
    return {
      name,
      kind: table.view ? 'view' : 'table',
      columns: table.columns,
      ...keysOf(indexesOf(unique.filter((u) => u.table_name === name))),
    };
  });
}

const mysqlProblems: Record<string, DatabaseProblem> = {
  ER_ACCESS_DENIED_ERROR: 'sign-in',
  ER_ACCESS_DENIED_NO_PASSWORD_ERROR: 'sign-in',
  ER_BAD_DB_ERROR: 'database',
  ER_DBACCESS_DENIED_ERROR: 'rights',
  ER_TABLEACCESS_DENIED_ERROR: 'rights',
  ER_COLUMNACCESS_DENIED_ERROR: 'rights',
  ER_NO_SUCH_TABLE: 'table',
  ER_DUP_ENTRY: 'clash',
  ER_LOCK_DEADLOCK: 'busy',
  ER_LOCK_WAIT_TIMEOUT: 'busy',
  ER_CON_COUNT_ERROR: 'busy',
  ER_SERVER_SHUTDOWN: 'busy',
};

/** https://mariadb.com/kb/en/mariadb-error-code-reference/ and MySQL's server error reference. */
function mysqlProblem(code: string): DatabaseProblem | undefined {
  if (Object.hasOwn(mysqlProblems, code)) return mysqlProblems[code];
  const refusedValue =
    /^(ER_TRUNCATED_WRONG_VALUE|ER_BAD_NULL_ERROR|ER_DATA_TOO_LONG|ER_WARN_DATA_OUT_OF_RANGE|ER_NO_DEFAULT_FOR_FIELD|ER_BAD_FIELD_ERROR|ER_NO_REFERENCED_ROW|ER_ROW_IS_REFERENCED|ER_CONSTRAINT_FAILED|ER_WRONG_VALUE|ER_DIVISION_BY_ZERO|WARN_DATA_TRUNCATED)/;
  return refusedValue.test(code) ? 'row' : undefined;
}
