import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { contactsToCustomers } from '../../demo/demo-flows.ts';
import { useDatabaseServer } from '../../testing/database-servers.ts';
import { engineProcess, engineResult } from '../../testing/engine-process.ts';
import { startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';

// A PostgreSQL table synced into a REST app (the Stripe emulator) by an engine process
// killed with SIGKILL five times mid-run: every row reaches Stripe exactly once, and a
// later change of ten rows writes exactly those ten. The password is in the real OS
// keychain, read by each engine process.

const server = useDatabaseServer('postgres');
const total = 4000;
let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

it('survives five SIGKILLs in a PostgreSQL → Stripe sync: nothing lost, nothing duplicated, then exactly the changed rows', async () => {
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
    [total],
  );
  harness = await startSyncHarness();
  const h = harness;
  const office = await h.call('apps.create', {
    name: 'Office database',
    category: 'database',
    connector: { kind: 'database', connector: 'postgres', config: db.config },
  });
  await h.call('secrets.set', { appId: office.id, value: db.password });
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
  await db.sql(
    `UPDATE contacts SET lastname = 'Changed', updated_at = timestamptz '2026-03-01 00:00:00+00' WHERE id % 400 = 7`,
  );
  const again = await engineProcess(engine);
  expect(engineResult(again)).toMatchObject({
    ok: true,
    value: { status: 'succeeded', counts: { created: 0, updated: 10, failed: 0 } },
  });
  expect(h.stripe.store.ordered).toHaveLength(total);
  expect(h.stripe.store.ordered.filter((c) => c.name?.endsWith('Changed'))).toHaveLength(10);
}, 300_000);
