import Database from 'better-sqlite3';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { contactsToCustomers } from '../../demo/demo-flows.ts';
import { copyColumnsFlow } from '../../testing/column-flows.ts';
import { useDatabaseServer } from '../../testing/database-servers.ts';
import { engineProcess, engineResult } from '../../testing/engine-process.ts';
import { startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';
import { workbookColumn } from '../files/folder-test-kit.ts';

// A PostgreSQL table synced into a REST app (the Stripe emulator), and into an Excel
// workbook, by an engine process killed with SIGKILL five times mid-run: every row reaches Stripe exactly once, and a
// later change of ten rows writes exactly those ten. The password is in the real OS
// keychain, read by each engine process.

const server = useDatabaseServer('postgres');
const total = 4000;
let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

/**
 * A contacts table of `rows` rows in a fresh database, and a workspace (with the Stripe
 * emulator) whose "Office database" app reaches it, the password in the real keychain.
 */
async function officeDatabase(rows = total) {
  const db = await server.testDatabase();
  await db.sql(`CREATE TABLE contacts (
    id serial PRIMARY KEY, email text NOT NULL UNIQUE, firstname text, lastname text, phone text,
    updated_at timestamptz NOT NULL)`);
  // Rows changed in groups of five within one second, so pages end inside groups of equal times.
  await db.sql(
    `INSERT INTO contacts (email, firstname, lastname, phone, updated_at)
     SELECT 'person' || i || '@example.com', 'First' || i, 'Last' || i, '+1555' || lpad(i::text, 7, '0'),
            timestamptz '2026-01-01 00:00:00+00' + (i / 5) * interval '1 second'
       FROM generate_series(1, $1::int) AS i`,
    [rows],
  );
  harness = await startSyncHarness();
  const h = harness;
  const office = await h.call('apps.create', {
    name: 'Office database',
    category: 'database',
    connector: { kind: 'database', connector: 'postgres', config: db.config },
  });
  await h.call('secrets.set', { appId: office.id, value: db.password });
  return { db, h, office };
}

/** Ten rows change in the office database, a month later. */
const changeTenRows = (db: { sql(text: string): Promise<unknown> }) =>
  db.sql(
    `UPDATE contacts SET lastname = 'Changed', updated_at = timestamptz '2026-03-01 00:00:00+00' WHERE id % 400 = 7 AND id <= 4000`,
  );

it('survives five SIGKILLs in a PostgreSQL → Stripe sync: nothing lost, nothing duplicated, then exactly the changed rows', async () => {
  const { db, h, office } = await officeDatabase();
  const flow = await h.call('flows.create', {
    ...contactsToCustomers(office.id, h.apps.stripe.id),
    name: 'Office contacts to Stripe',
  });
  // Some writes are applied but their answer never arrives, as when the process dies mid-request.
  h.stripe.faults.set({ seed: 5, lostWriteAnswer: { probability: 0.01 } });
  h.core.close();
  const engine = { dir: h.dir, flowId: flow.id, secretService: h.secretService! };

  for (let kill = 1; kill <= 5; kill++) {
    const ended = await engineProcess(engine, { pages: 1, delayMs: kill * 15 });
    expect(ended.signal, `kill ${kill} came too late: the run had finished. ${ended.stderr}`).toBe('SIGKILL');
  }
  const interrupted = h.stripe.store.ordered.length;
  expect(interrupted).toBeGreaterThan(0);
  expect(interrupted).toBeLessThan(total);

  const last = await engineProcess(engine);
  expect(last.code, last.stderr).toBe(0);
  expect(engineResult(last)).toMatchObject({ ok: true, value: { status: 'succeeded' } });
  const emails = h.stripe.store.ordered.map((c) => c.email);
  expect(emails).toHaveLength(total);
  expect(new Set(emails).size).toBe(total);

  const workspace = new Database(join(h.dir, 'patchbay.db'), { readonly: true });
  try {
    const one = (sql: string) => workspace.prepare<[], { n: number }>(sql).get()!.n;
    expect(one('SELECT COUNT(*) AS n FROM record_links')).toBe(total);
    expect(one('SELECT COUNT(*) AS n FROM failures')).toBe(0);
    expect(one('SELECT SUM(created) AS n FROM runs')).toBe(total);
  } finally {
    workspace.close();
  }

  // Ten rows change in the office database: the next run writes those ten and nothing else.
  h.stripe.faults.set({});
  await changeTenRows(db);
  const again = await engineProcess(engine);
  expect(engineResult(again)).toMatchObject({
    ok: true,
    value: { status: 'succeeded', counts: { created: 0, updated: 10, failed: 0 } },
  });
  expect(h.stripe.store.ordered).toHaveLength(total);
  expect(h.stripe.store.ordered.filter((c) => c.name?.endsWith('Changed'))).toHaveLength(10);
}, 300_000);

it('survives five SIGKILLs in a PostgreSQL → Excel sync: the workbook opens after every kill, nothing lost or doubled', async () => {
  // More rows than the REST test: a page here is quicker, and five kills must land mid-run.
  const rows = 2 * total;
  const { db, h, office } = await officeDatabase(rows);
  const folder = join(h.dir, 'office', 'Ledger');
  mkdirSync(folder, { recursive: true });
  const ledger = await h.call('apps.create', {
    name: 'Ledger workbook',
    category: 'accounting',
    connector: {
      kind: 'files',
      connector: 'folder',
      config: { folder, pattern: 'contacts.xlsx', key: 'email' },
    },
  });
  const flow = await h.call(
    'flows.create',
    copyColumnsFlow({
      name: 'Office contacts into the ledger',
      from: { id: office.id, entity: 'contacts' },
      to: { id: ledger.id, entity: 'contacts' },
      key: 'email',
      columns: ['email', 'firstname', 'lastname', 'phone'],
    }),
  );
  h.core.close();
  const engine = { dir: h.dir, flowId: flow.id, secretService: h.secretService! };
  const workbook = join(folder, 'contacts.xlsx');
  const emails = async () => (await workbookColumn(workbook)) as string[];

  for (let kill = 1; kill <= 5; kill++) {
    const ended = await engineProcess(engine, { pages: 1, delayMs: kill * 10 });
    expect(ended.signal, `kill ${kill} came too late: the run had finished. ${ended.stderr}`).toBe('SIGKILL');
    // Opened whole after every kill (exceljs throws on a half-written file); no row twice.
    const written = await emails();
    expect(written.length).toBeGreaterThan(0);
    expect(new Set(written).size).toBe(written.length);
  }
  expect((await emails()).length).toBeLessThan(rows);

  const last = await engineProcess(engine);
  expect(last.code, last.stderr).toBe(0);
  expect(engineResult(last)).toMatchObject({ ok: true, value: { status: 'succeeded' } });
  const all = await emails();
  expect(all).toHaveLength(rows);
  expect(new Set(all).size).toBe(rows);
  expect(readdirSync(folder).filter((n) => n.includes('.patchbay-'))).toEqual([]);

  // Ten rows change: the next run rewrites those ten rows and adds none.
  await changeTenRows(db);
  const again = await engineProcess(engine);
  expect(engineResult(again)).toMatchObject({
    ok: true,
    value: { status: 'succeeded', counts: { created: 0, updated: 10, failed: 0 } },
  });
  expect(await emails()).toEqual(all);
  const lastNames = await workbookColumn(workbook, 3);
  expect(lastNames.filter((n) => n === 'Changed')).toHaveLength(10);
}, 300_000);
