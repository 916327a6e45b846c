import { describe, expect, it } from 'vitest';
import type { Connector, SourceRecord } from '../connectors/connector.ts';
import type { NativeConnectorDefinition } from '../connectors/native-connector.ts';
import { SyncError } from '../reliability/error-classes.ts';
import { readAll } from './connector-test-kit.ts';
import { joinKey } from '../contract/composite-key.ts';

// The contract every database connector keeps, run by each one's test file against its
// real database (a server the file started, or a SQLite file): catalogue, keyset pages,
// incremental reads, lookups, upserts in one transaction, the unique match key, and
// values that look like SQL written as text.

export type Row = Record<string, unknown>;

export interface TestDatabase {
  /** The app's connection settings. */
  readonly config: Record<string, string>;
  readonly password: string | undefined;
  /** SQL on the database as its owner, to set up and look. */
  readonly sql: (text: string, values?: readonly unknown[]) => Promise<Row[]>;
}

export interface DatabaseFixture {
  readonly definition: NativeConnectorDefinition;
  /** `$1` or `?`. */
  readonly placeholder: (n: number) => string;
  /** CREATE TABLE customers / notes and CREATE VIEW big_spenders in this database's dialect. */
  readonly schema: readonly string[];
  /** The statement creating a table whose name and column name have quotes in them. */
  readonly oddTable: string;
  /** A new database (with `schema` created) for one test. */
  readonly create: () => Promise<TestDatabase>;
}

export const sqlInjection = "'); DROP TABLE customers; --";

const base = Date.UTC(2026, 0, 1);
/** Rows changed in groups of seven within one second, so equal timestamps straddle page boundaries. */
export const changedAt = (i: number) =>
  new Date(base + Math.floor(i / 7) * 1000).toISOString().replace('T', ' ').replace('Z', '');

export function open(
  fixture: DatabaseFixture,
  db: TestDatabase,
  extra: Record<string, string> = {},
): Connector {
  return fixture.definition.open({
    appId: 'app-db',
    appName: 'Ledger',
    config: { ...db.config, ...extra },
    secret: async () => db.password,
    now: () => new Date(),
  });
}

export async function prepared(connector: Connector): Promise<Connector> {
  await connector.prepare?.();
  return connector;
}

export async function insertCustomers(fixture: DatabaseFixture, db: TestDatabase, count: number, from = 1) {
  const chunk = 200;
  for (let start = 0; start < count; start += chunk) {
    const rows = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => from + start + i);
    let n = 0;
    const tuples = rows.map(() => `(${[1, 2, 3, 4, 5].map(() => fixture.placeholder(++n)).join(', ')})`);
    await db.sql(
      `INSERT INTO customers (id, email, name, balance, updated_at) VALUES ${tuples.join(', ')}`,
      rows.flatMap((id) => [
        id,
        `c${id}@example.com`,
        `Customer ${id}`,
        (id * 1.25).toFixed(2),
        changedAt(id),
      ]),
    );
  }
}

const idsOf = (records: readonly SourceRecord[]) => records.map((r) => Number(r.id));
const count = async (db: TestDatabase, table = 'customers') =>
  Number((await db.sql(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);

export function databaseConnectorContract(fixture: DatabaseFixture): void {
  const fresh = async () => {
    const db = await fixture.create();
    for (const statement of fixture.schema) await db.sql(statement);
    return db;
  };

  describe(`${fixture.definition.name}: the connector contract`, () => {
    it('offers tables, views and saved queries from the catalogue, with their columns as fields', async () => {
      const db = await fresh();
      const connector = await prepared(
        open(fixture, db, { queries: 'rich = SELECT id, email, balance FROM customers WHERE balance > 100' }),
      );
      expect(connector.entityNames()).toEqual(
        expect.arrayContaining(['customers', 'notes', 'big_spenders', 'rich']),
      );
      const customers = connector.describe('customers')!;
      expect(customers.fields.map((f) => f.name)).toEqual(['id', 'email', 'name', 'balance', 'updated_at']);
      expect(customers).toMatchObject({
        canList: true,
        canBatchUpsert: true,
        incremental: true,
        batchSize: 1000,
      });
      expect(connector.describe('big_spenders')).toMatchObject({
        canList: true,
        canBatchUpsert: false,
        canCreate: false,
      });
      expect(connector.describe('rich')).toMatchObject({
        label: 'rich (saved query)',
        canBatchUpsert: false,
      });
      expect(connector.describe('rich')!.fields.map((f) => f.name)).toEqual(['id', 'email', 'balance']);
      // notes has no updated_at: read whole each run.
      expect(connector.describe('notes')!.incremental).toBe(false);
      await connector.check();
    });

    it('reads every page once in keyset order, rows sharing a timestamp across page boundaries', async () => {
      const db = await fresh();
      await insertCustomers(fixture, db, 1203);
      const connector = await prepared(open(fixture, db));
      const { records, pages } = await readAll(connector, 'customers');
      expect(pages).toBe(3);
      expect(idsOf(records)).toEqual(Array.from({ length: 1203 }, (_, i) => i + 1));
      expect(records[0]!.fields).toMatchObject({ email: 'c1@example.com', name: 'Customer 1' });
      expect(Number(records[0]!.fields.balance)).toBe(1.25);
      // The cursor values sort as text in the same order the rows came.
      const cursors = records.map((r) => r.cursorValue!);
      expect([...cursors].sort()).toEqual(cursors);
    });

    it('reads only rows changed since the cursor, and never skips one written with the last timestamp read', async () => {
      const db = await fresh();
      await insertCustomers(fixture, db, 1203);
      const connector = await prepared(open(fixture, db));
      const first = await readAll(connector, 'customers');
      const cursor = first.records
        .map((r) => r.cursorValue!)
        .sort()
        .at(-1)!;
      const last = changedAt(1203);
      // Changed later; and a new row written in the very second of the last one read, with a smaller id.
      await db.sql(
        `UPDATE customers SET name = 'Changed', updated_at = ${fixture.placeholder(1)} WHERE id IN (5, 600, 1100)`,
        ['2026-02-01 00:00:00'],
      );
      await db.sql(
        `INSERT INTO customers (id, email, name, balance, updated_at) VALUES (-1, 'late@example.com', 'Late', 0, ${fixture.placeholder(1)})`,
        [last],
      );
      const again = await readAll(connector, 'customers', cursor);
      const ids = idsOf(again.records);
      expect(ids).toEqual(expect.arrayContaining([-1, 5, 600, 1100]));
      // Besides those, only the rows of that last second are read again (and found unchanged by the engine).
      const sameSecond = Array.from({ length: 1203 }, (_, i) => i + 1).filter((i) => changedAt(i) === last);
      expect(ids.sort((a, b) => a - b)).toEqual([-1, 5, 600, 1100, ...sameSecond].sort((a, b) => a - b));
      expect(again.records.find((r) => r.id === '600')!.fields.name).toBe('Changed');
    });

    it('finds a row by id and by match key', async () => {
      const db = await fresh();
      await insertCustomers(fixture, db, 3);
      const connector = await prepared(open(fixture, db, { matchColumns: 'customers.email' }));
      expect((await connector.getRecord('customers', '2'))?.fields.email).toBe('c2@example.com');
      expect(await connector.getRecord('customers', '99')).toBeUndefined();
      expect(await connector.lookup('customers', 'c3@example.com')).toBe('3');
      expect(await connector.lookup('customers', 'nobody@example.com')).toBeUndefined();
    });

    it('upserts a batch in one transaction: new rows inserted, existing ones updated, ids answered by key', async () => {
      const db = await fresh();
      await insertCustomers(fixture, db, 2);
      const connector = await prepared(open(fixture, db));
      const ids = await connector.batchUpsert('customers', [
        { key: 'c2@example.com', record: { email: 'c2@example.com', name: 'Renamed', balance: 7.5 } },
        { key: 'New@Example.com', record: { email: 'New@Example.com', name: 'New', balance: 1 } },
        { key: 'other@example.com', record: { email: 'other@example.com', name: 'Other', balance: 2 } },
      ]);
      expect(ids.get('c2@example.com')).toBe('2');
      expect(ids.get('new@example.com')).toMatch(/^\d+$/);
      expect(ids.size).toBe(3);
      expect(await count(db)).toBe(4);
      const [row] = await db.sql(`SELECT name, balance FROM customers WHERE id = 2`);
      expect(row!.name).toBe('Renamed');
      expect(Number(row!.balance)).toBe(7.5);
      // The same batch again changes nothing and adds nothing.
      await connector.batchUpsert('customers', [
        { key: 'c2@example.com', record: { email: 'c2@example.com', name: 'Renamed', balance: 7.5 } },
      ]);
      expect(await count(db)).toBe(4);
    });

    it('refuses a batch with a bad row as a whole, in plain words, writing none of it', async () => {
      const db = await fresh();
      await insertCustomers(fixture, db, 1);
      const connector = await prepared(open(fixture, db));
      const error = await connector
        .batchUpsert('customers', [
          { key: 'c1@example.com', record: { email: 'c1@example.com', name: 'Should not stick' } },
          { key: 'fine@example.com', record: { email: 'fine@example.com', name: 'Fine' } },
          {
            key: 'bad@example.com',
            record: { email: 'bad@example.com', name: 'Bad', balance: 'not a number' },
          },
        ])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SyncError);
      expect((error as SyncError).errorClass).toBe('validation');
      expect((error as SyncError).message).toContain('refused a row for the table "customers"');
      expect(await count(db)).toBe(1);
      expect((await db.sql('SELECT name FROM customers'))[0]!.name).toBe('Customer 1');
    });

    it('refuses a match column that is not unique, naming the table and the column', async () => {
      const db = await fresh();
      const named = open(fixture, db, { matchColumns: 'notes.email' });
      const refused = await named.check().catch((e: unknown) => e);
      expect((refused as SyncError).message).toContain(
        'The column "email" of the table "notes" is not unique',
      );
      const guessed = await prepared(open(fixture, db));
      const error = await guessed
        .batchUpsert('notes', [{ key: 'a@example.com', record: { email: 'a@example.com', body: 'hello' } }])
        .catch((e: unknown) => e);
      expect((error as SyncError).errorClass).toBe('validation');
      expect((error as SyncError).message).toContain('The column "email" of the table "notes" is not unique');
      expect(await count(db, 'notes')).toBe(0);
    });

    it('reads, finds and upserts rows of a table keyed on two columns, and refuses two columns not unique together', async () => {
      const db = await fresh();
      await db.sql(`CREATE TABLE order_lines (
        order_no VARCHAR(20) NOT NULL, line_no INTEGER NOT NULL, article VARCHAR(40), qty INTEGER,
        PRIMARY KEY (order_no, line_no))`);
      await db.sql('CREATE TABLE line_notes (order_no VARCHAR(20), line_no INTEGER, body VARCHAR(100))');
      const line = (order: string, no: number, article: string, qty: number) => ({
        key: joinKey([order, no]),
        record: { order_no: order, line_no: no, article, qty },
      });
      const connector = await prepared(open(fixture, db, { matchColumns: 'order_lines.order_no + line_no' }));
      await connector.check();
      const first = await connector.batchUpsert('order_lines', [
        line('A-1', 1, 'Chair', 4),
        line('A-1', 2, 'Table', 1),
        line('B-7', 1, 'Chair', 2),
      ]);
      expect(first).toEqual(
        new Map([
          ['["a-1","1"]', '["A-1","1"]'],
          ['["a-1","2"]', '["A-1","2"]'],
          ['["b-7","1"]', '["B-7","1"]'],
        ]),
      );
      // ON CONFLICT (order_no, line_no): the same order's other line is updated, not added;
      // without a Match columns setting the two columns holding the key are found by themselves.
      const guessed = await prepared(open(fixture, db));
      await guessed.batchUpsert('order_lines', [line('A-1', 2, 'Table', 3), line('B-7', 2, 'Lamp', 1)]);
      expect(await count(db, 'order_lines')).toBe(4);
      expect(
        (await db.sql("SELECT qty FROM order_lines WHERE order_no = 'A-1' AND line_no = 2"))[0]!.qty,
      ).toBe(3);

      // Each row's id is both columns' values, in keyset order; found by id and by key.
      const read = await readAll(connector, 'order_lines');
      expect(read.records.map((r) => r.id)).toEqual([
        '["A-1","1"]',
        '["A-1","2"]',
        '["B-7","1"]',
        '["B-7","2"]',
      ]);
      expect((await connector.getRecord('order_lines', '["B-7","2"]'))?.fields.article).toBe('Lamp');
      expect(await connector.getRecord('order_lines', 'B-7')).toBeUndefined();
      expect(await connector.lookup('order_lines', joinKey(['A-1', 1]))).toBe('["A-1","1"]');
      await connector.update('order_lines', '["A-1","1"]', { qty: 5 });
      expect(
        (await db.sql("SELECT qty FROM order_lines WHERE order_no = 'A-1' AND line_no = 1"))[0]!.qty,
      ).toBe(5);

      // The connection test names both columns when they are not unique together.
      const refused = await open(fixture, db, { matchColumns: 'line_notes.order_no + line_no' })
        .check()
        .catch((e: unknown) => e);
      expect((refused as SyncError).message).toContain(
        'The columns "order_no" and "line_no" of the table "line_notes" are not unique together',
      );
      expect((refused as SyncError).message).toContain(
        'CREATE UNIQUE INDEX ON line_notes (order_no, line_no)',
      );
    });

    it('writes SQL-looking text as text, and refuses a field that is no column', async () => {
      const db = await fresh();
      const connector = await prepared(open(fixture, db));
      await connector.batchUpsert('customers', [
        { key: 'x@example.com', record: { email: 'x@example.com', name: sqlInjection } },
      ]);
      const id = await connector.create('customers', { email: 'y@example.com', name: `${sqlInjection} "\`` });
      await connector.update('customers', id, { name: sqlInjection });
      const rows = await db.sql('SELECT name FROM customers ORDER BY email');
      expect(rows.map((r) => r.name)).toEqual([sqlInjection, sqlInjection]);
      const error = await connector
        .batchUpsert('customers', [
          {
            key: 'z@example.com',
            record: { email: 'z@example.com', [`name) VALUES (1); DROP TABLE customers; --`]: 1 },
          },
        ])
        .catch((e: unknown) => e);
      expect((error as SyncError).message).toContain(
        'has no column called "name) VALUES (1); DROP TABLE customers; --"',
      );
      expect(await count(db)).toBe(2);
    });

    it('reads and writes a table whose name and columns have quotes in them', async () => {
      const db = await fresh();
      await db.sql(fixture.oddTable);
      const connector = await prepared(open(fixture, db));
      const table = connector.entityNames().find((name) => name.startsWith('odd'))!;
      expect(table).toBe('odd"`name');
      await connector.batchUpsert(table, [{ key: 'k1', record: { 'key"`col': 'k1', value: sqlInjection } }]);
      const { records } = await readAll(connector, table);
      expect(records.map((r) => r.fields)).toEqual([{ 'key"`col': 'k1', value: sqlInjection }]);
    });

    it('reads a saved query page by page, and refuses one that would change data', async () => {
      const db = await fresh();
      await insertCustomers(fixture, db, 1100);
      const connector = await prepared(
        open(fixture, db, { queries: 'rich = SELECT id, email FROM customers WHERE balance >= 250' }),
      );
      const { records, pages } = await readAll(connector, 'rich');
      expect(pages).toBe(2);
      expect(idsOf(records)).toEqual(Array.from({ length: 901 }, (_, i) => i + 200));
      const refused = await open(fixture, db, { queries: 'gone = DELETE FROM customers' })
        .check()
        .catch((e: unknown) => e);
      expect((refused as SyncError).message).toContain('must be a SELECT');
      expect(await count(db)).toBe(1100);
    });

    it('says in words when a table is not there', async () => {
      const db = await fresh();
      const connector = await prepared(open(fixture, db));
      const error = await connector.readPage('invoices', '', undefined).catch((e: unknown) => e);
      expect((error as SyncError).message).toBe(
        'Ledger has no table, view or saved query called "invoices" (it may have been renamed or dropped).',
      );
    });
  });
}

/** For a database server: refused sign-in, missing database, nobody answering, unknown host. */
export function serverSignInContract(fixture: DatabaseFixture): void {
  describe(`${fixture.definition.name}: signing in, in plain words`, () => {
    it('answers a wrong password as a refused sign-in, without the password in any message', async () => {
      const db = await fixture.create();
      const wrong = 'Wrong-Pa55word-!';
      const connector = open(fixture, { ...db, password: wrong });
      const error = (await connector.check().catch((e: unknown) => e)) as SyncError;
      expect(error).toBeInstanceOf(SyncError);
      expect(error.errorClass).toBe('auth');
      expect(error.message).toContain(`refused the user "patchbay" with the saved password`);
      expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(wrong);
    });

    it('names a database that is not there, a server that does not answer and a host that does not exist', async () => {
      const db = await fixture.create();
      const refusal = async (extra: Record<string, string>) =>
        (await open(fixture, db, extra)
          .check()
          .catch((e: unknown) => e)) as SyncError;
      const missing = await refusal({ database: 'no_such_db' });
      expect(missing.errorClass).toBe('auth');
      expect(missing.message).toContain('has no database called "no_such_db"');
      const closed = await refusal({ port: '1' });
      expect(closed.errorClass).toBe('network');
      expect(closed.message).toContain('Nothing answers at 127.0.0.1:1');
      const unknown = await refusal({ host: 'no-such-host.invalid' });
      expect(unknown.errorClass).toBe('network');
      expect(unknown.message).toContain('could not find the database server no-such-host.invalid');
      const unencrypted = await refusal({ tls: 'require' });
      expect(unencrypted.message).toContain('does not offer encryption: set Encryption to Off');
      const badPort = await refusal({ port: 'fifty' });
      expect(badPort.message).toContain('"fifty" is not a port number');
    });
  });
}
