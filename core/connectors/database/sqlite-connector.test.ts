import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../reliability/error-classes.ts';
import { databaseConnectorContract, type DatabaseFixture } from '../../testing/database-connector-suite.ts';
import { makeTempDir } from '../../testing/temp-workspace.ts';
import { sqliteConnector } from './sqlite-connector.ts';

// The SQLite connector against real SQLite files, one per test.

const folder = makeTempDir('patchbay-sqlite-app-');
afterAll(() => folder.dispose());
let files = 0;

const fixture: DatabaseFixture = {
  definition: sqliteConnector,
  placeholder: () => '?',
  schema: [
    // STRICT: SQLite checks the types, as the program owning such a file would expect.
    `CREATE TABLE customers (
       id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT, balance REAL,
       updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))) STRICT`,
    'CREATE TABLE notes (id INTEGER PRIMARY KEY, email TEXT, body TEXT)',
    'CREATE VIEW big_spenders AS SELECT id, email, balance FROM customers WHERE balance > 1000',
  ],
  oddTable: 'CREATE TABLE "odd""`name" ("key""`col" TEXT PRIMARY KEY, value TEXT)',
  async create() {
    const file = join(folder.dir, `app-${++files}.db`);
    new Database(file).close();
    return {
      config: { file },
      password: undefined,
      async sql(text, values = []) {
        const db = new Database(file);
        try {
          const statement = db.prepare(text);
          if (statement.reader) return statement.all(...values) as Record<string, unknown>[];
          statement.run(...values);
          return [];
        } finally {
          db.close();
        }
      },
    };
  },
};

databaseConnectorContract(fixture);

describe('SQLite: the file, in plain words', () => {
  it('never creates a file at a mistyped path, and says so', async () => {
    const file = join(folder.dir, 'typo', 'ledgr.db');
    const connector = sqliteConnector.open({
      appId: 'a',
      appName: 'Ledger',
      config: { file },
      secret: async () => undefined,
      now: () => new Date(),
    });
    const error = (await connector.check().catch((e: unknown) => e)) as SyncError;
    expect(error).toBeInstanceOf(SyncError);
    expect(error.message).toContain(`Patchbay cannot open the SQLite file "${file}"`);
  });
});
