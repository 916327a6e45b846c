import Database from 'better-sqlite3';
import { SyncError } from '../../reliability/error-classes.ts';
import type { NativeConnectorContext, NativeConnectorDefinition } from '../native-connector.ts';
import { classifyDatabaseError, codeOf, messageOf, type ServerPlace } from './database-errors.ts';
import { tableSettings } from './database-settings.ts';
import { createIdleConnection } from './idle-connection.ts';
import { keysOf, type CatalogueColumn, type CatalogueTable } from './sql-catalogue.ts';
import { createSqlConnector, settingsError } from './sql-connector.ts';
import { boundValue, sqlDialect } from './sql-statements.ts';
import type { Query, Row, SqlDriver } from './sql-driver.ts';

// A SQLite file (a program's own database, a file another tool writes) through
// better-sqlite3. The file must exist: Patchbay never creates one by mistake at a
// mistyped path. Times in SQLite are whatever text the program wrote, so a change
// column of times compares as that text.

export const sqliteConnector: NativeConnectorDefinition = {
  id: 'sqlite',
  name: 'SQLite file',
  kind: 'database',
  category: 'database',
  version: '1',
  source: 'core/connectors/database/sqlite-connector.ts',
  settings: [
    {
      name: 'file',
      label: 'Database file',
      type: 'file',
      required: true,
      secret: false,
      example: 'C:\\Program Files\\Ledger\\ledger.db',
      help: 'The SQLite file to read and write. Patchbay opens it where it is; it is not copied.',
    },
    ...tableSettings,
  ],
  entities: [],
  open: (context) =>
    createSqlConnector({ appName: context.appName, config: context.config, driver: sqliteDriver(context) }),
};

function sqliteDriver(context: NativeConnectorContext): SqlDriver {
  const { appName } = context;
  const file = (context.config.file ?? '').trim();
  const place: ServerPlace = { appName, where: file, database: file, user: '' };
  const dialect = sqlDialect({ quoteWith: '"', placeholders: 'question-marks', upsert: 'on-conflict' });

  const connection = createIdleConnection<Database.Database>({
    async open() {
      if (!file) throw settingsError(appName, "give the database file in the app's settings.");
      // Waits up to 10 s for the program that owns the file to finish its own write.
      return new Database(file, { fileMustExist: true, timeout: 10_000 });
    },
    close: async (db) => void db.close(),
  });

  const run =
    (db: Database.Database, readOnly = false): Query =>
    async (sql, values) => {
      const statement = db.prepare(sql);
      if (readOnly && !statement.readonly)
        throw settingsError(appName, 'a saved query may only read: it must be a single SELECT.');
      if (statement.reader) return statement.all(...values) as Row[];
      const result = statement.run(...values);
      return [{ insertId: Number(result.lastInsertRowid) }];
    };

  async function inTransaction<T>(db: Database.Database, work: () => Promise<T>): Promise<T> {
    // IMMEDIATE takes the write lock at once, so a busy file waits here rather than mid-batch.
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  return {
    ...dialect,
    returning: true,
    ping: () => connection.use(async (db) => void db.prepare('SELECT count(*) FROM sqlite_schema').get()),
    catalogue: () => connection.use(async (db) => readCatalogue(db)),
    queryColumns: (sql) =>
      connection.use(async (db) => {
        const statement = db.prepare(`SELECT * FROM (${sql}) AS "patchbay_query"`);
        if (!statement.readonly)
          throw settingsError(appName, 'a saved query may only read: it must be a single SELECT.');
        return statement.columns().map((column) => columnOf(column.name, column.type ?? '', true));
      }),
    query: (sql, values) => connection.use((db) => run(db)(sql, values)),
    transaction: (work) => connection.use((db) => inTransaction(db, () => work(run(db)))),
    readOnly: (work) => connection.use((db) => work(run(db, true))),
    // better-sqlite3 binds every JS number as a REAL: a whole one goes as an INTEGER
    // (a BigInt), so a TEXT column gets "1001", not "1001.0".
    toValue: (value) =>
      typeof value === 'number' && Number.isSafeInteger(value)
        ? BigInt(value)
        : boundValue(value, { booleans: false }),
    classify: (error, table) => classifySqlite(error, table, place),
  };
}

/** https://www.sqlite.org/datatype3.html#determination_of_column_affinity */
function columnOf(name: string, declared: string, nullable: boolean): CatalogueColumn {
  const type = declared.toUpperCase();
  // Times are text in SQLite (or a declared DATETIME): compared as the text the program wrote.
  const cursorKind = type.includes('INT') ? 'number' : /REAL|FLOA|DOUB|BLOB/.test(type) ? undefined : 'text';
  return { name, cursorKind, isTime: false, inUtc: false, nullable };
}

function readCatalogue(db: Database.Database): CatalogueTable[] {
  const tables = db
    .prepare(
      "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string; type: string }[];
  return tables.map(({ name, type }) => {
    const info = db.prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(?)').all(name) as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }[];
    // The primary key in key order (pk is its position); an INTEGER PRIMARY KEY has no index.
    const primaryKey = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const indexes = db
      .prepare('SELECT name FROM pragma_index_list(?) WHERE "unique" = 1 AND partial = 0')
      .all(name) as { name: string }[];
    const keys = keysOf([
      { columns: primaryKey, primary: true },
      ...indexes.map((index) => {
        const columns = db
          .prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno')
          .all(index.name) as { name: string | null }[];
        // An expression in the index (name null) is not a column a write can match on.
        return {
          columns: columns.some((c) => c.name === null) ? [] : columns.map((c) => c.name!),
          primary: false,
        };
      }),
    ]);
    const rowid = primaryKey.length === 1 ? primaryKey[0] : undefined;
    return {
      name,
      kind: type === 'view' ? 'view' : 'table',
      // An INTEGER PRIMARY KEY is the rowid: never empty though not declared NOT NULL.
      columns: info.map((c) => columnOf(c.name, c.type, c.notnull === 0 && c.name !== rowid)),
      ...keys,
    };
  });
}

/** https://www.sqlite.org/rescode.html */
function classifySqlite(error: unknown, table: string | undefined, place: ServerPlace): SyncError {
  if (error instanceof SyncError) return error;
  const code = String(codeOf(error) ?? '');
  const detail = messageOf(error);
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_NOTADB' || /^Cannot open database/.test(detail))
    return new SyncError('auth', place.appName, {
      summary: `Patchbay cannot open the SQLite file "${place.where}" (${code === 'SQLITE_NOTADB' ? 'it is not a SQLite database' : 'it is not there, or may not be read'}): check the file in Apps → ${place.appName}.`,
    });
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH'))
    return new SyncError('auth', place.appName, {
      summary: `Patchbay may not change the SQLite file "${place.where}": check that the file is not read-only and that Patchbay may write to its folder.`,
    });
  return classifyDatabaseError(error, place, table, (code) => {
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'clash';
    if (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG')
      return 'row';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
    if (/no such table/i.test(detail)) return 'table';
    return undefined;
  });
}
