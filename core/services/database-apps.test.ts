import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sqlInjection } from '../testing/database-connector-suite.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { openTestCore, type TestCore } from '../testing/temp-workspace.ts';

// A database as an app, through the API the control centre and the CLI use: its tables
// and columns offered from the database's own catalogue (apps.entities), a flow from one
// SQLite file's table into another's, run by the engine, incremental and exact, a row
// the target refuses waiting in the failure queue while the rest of its page is written.

let t: TestCore;
let source: string;
let target: string;

function exec(file: string, sql: string, values: unknown[] = []) {
  const db = new Database(file);
  try {
    return db.prepare(sql).run(...values);
  } finally {
    db.close();
  }
}

function rows(file: string, sql: string) {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

beforeEach(() => {
  t = openTestCore({ secrets: new InMemorySecretStore() });
  source = join(t.dir, 'shop.db');
  target = join(t.dir, 'ledger.db');
  const shop = new Database(source);
  shop.exec(`CREATE TABLE customers (
    id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT, updated_at TEXT NOT NULL)`);
  const insert = shop.prepare('INSERT INTO customers (id, email, name, updated_at) VALUES (?, ?, ?, ?)');
  shop.exec('BEGIN');
  for (let i = 1; i <= 1200; i++)
    insert.run(
      i,
      `c${i}@example.com`,
      i === 7 ? sqlInjection : `Customer ${i}`,
      `2026-01-01 00:00:${String(i % 60).padStart(2, '0')}`,
    );
  shop.exec('COMMIT');
  shop.close();
  const ledger = new Database(target);
  // The ledger refuses names of 40 characters or more.
  ledger.exec(`CREATE TABLE clients (
    id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT CHECK (length(name) < 40)) STRICT`);
  ledger.close();
}, 60_000);
afterEach(() => t.dispose());

async function apps() {
  const shop = await t.call('apps.create', {
    name: 'Shop',
    category: 'database',
    connector: { kind: 'database', connector: 'sqlite', config: { file: source } },
  });
  const ledger = await t.call('apps.create', {
    name: 'Ledger',
    category: 'database',
    connector: { kind: 'database', connector: 'sqlite', config: { file: target } },
  });
  return { shop, ledger };
}

it("offers a database's tables and columns from its own catalogue", async () => {
  const { shop, ledger } = await apps();
  const entities = await t.call('apps.entities', { id: shop.id });
  expect(entities.map((e) => [e.name, e.fields.map((f) => f.name), e.incremental])).toEqual([
    ['customers', ['id', 'email', 'name', 'updated_at'], true],
  ]);
  expect((await t.call('apps.entities', { id: 'Ledger' }))[0]).toMatchObject({
    name: 'clients',
    canBatchUpsert: true,
    fields: [{ name: 'id' }, { name: 'email' }, { name: 'name' }],
  });
  expect(ledger.connector).toMatchObject({ kind: 'database', connector: 'sqlite' });
  await t.call('apps.update', {
    id: shop.id,
    app: {
      ...shop,
      connector: { kind: 'database', connector: 'sqlite', config: { file: join(t.dir, 'nope.db') } },
    },
  });
  await expect(t.call('apps.entities', { id: shop.id })).rejects.toThrow(/cannot open the SQLite file/);
});

it('syncs a table into another database: every row once, a refused row in the failure queue, then only what changed', async () => {
  const { shop, ledger } = await apps();
  exec(source, 'UPDATE customers SET name = ? WHERE id = 500', [
    'A name far too long for the ledger to take in',
  ]);
  const flow = await t.call('flows.create', {
    name: 'Shop customers to the ledger',
    sourceAppId: shop.id,
    sourceEntity: 'customers',
    targetAppId: ledger.id,
    targetEntity: 'clients',
    matchKey: 'email',
    mapping: [
      { target: 'email', source: 'email', required: true },
      { target: 'name', source: 'name' },
    ],
  });
  const preview = await t.call('flows.preview', { flow, sampleSize: 2 });
  // Rows come in change order: the first changed is c60, at second 00.
  expect(preview.samples[0]!.target).toEqual({ email: 'c60@example.com', name: 'Customer 60' });

  const first = await t.call('flows.run', { id: flow.id });
  expect(first).toMatchObject({ status: 'partial', counts: { read: 1200, created: 1199, failed: 1 } });
  const written = rows(target, 'SELECT email, name FROM clients ORDER BY id');
  expect(written).toHaveLength(1199);
  expect(new Set(written.map((r) => r.email)).size).toBe(1199);
  expect(written.find((r) => r.email === 'c7@example.com')!.name).toBe(sqlInjection);
  const { items } = await t.call('failures.list', { flowId: flow.id });
  expect(items).toHaveLength(1);
  expect(items[0]!.sourceRecordId).toBe('500');
  expect(items[0]!.message).toContain('Ledger refused a row for the table "clients"');

  exec(
    source,
    "UPDATE customers SET name = 'Renamed', updated_at = '2026-02-01 00:00:00' WHERE id IN (3, 4)",
  );
  const second = await t.call('flows.run', { id: flow.id });
  expect(second.counts).toMatchObject({ created: 0, updated: 2, failed: 0 });
  expect(rows(target, "SELECT email FROM clients WHERE name = 'Renamed' ORDER BY email")).toEqual([
    { email: 'c3@example.com' },
    { email: 'c4@example.com' },
  ]);
  expect(rows(target, 'SELECT COUNT(*) AS n FROM clients')[0]!.n).toBe(1199);
});
