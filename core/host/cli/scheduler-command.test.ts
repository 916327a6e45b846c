import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { contactsToCustomers, startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';

const root = new URL('../../..', import.meta.url).pathname;
let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

it('runs two flows on their schedules and stops cleanly on SIGTERM mid-run, cursor checkpointed', async () => {
  harness = await startSyncHarness();
  const h = harness;
  h.hubspot.store.seedContacts(3);
  const { id, name, sourceAppId, sourceEntity, targetAppId, targetEntity, mapping, matchKey } = h.flow;
  // A flow runs at most once a minute: the runs below wait for the minute to turn.
  const everyMinute = '* * * * *';
  await h.call('flows.update', {
    id,
    flow: {
      name,
      sourceAppId,
      sourceEntity,
      targetAppId,
      targetEntity,
      mapping,
      matchKey,
      schedule: everyMinute,
    },
  });
  const second = await h.call('flows.create', {
    ...contactsToCustomers(h.apps.hubspot.id, h.apps.stripe.id),
    name: 'Contacts to customers again',
    schedule: everyMinute,
  });
  h.core.close();

  const child = spawn(process.execPath, ['bin/patchbay.js', 'scheduler', '--workspace', h.dir], {
    cwd: root,
    env: { ...process.env, PATCHBAY_KEYCHAIN_SERVICE: h.secretService },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const seen = (pattern: RegExp, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`never saw ${what}. stdout: ${stdout}\nstderr: ${stderr}`)),
        100_000,
      );
      const check = () => {
        if (pattern.test(stdout)) {
          clearTimeout(timer);
          child.stdout.off('data', check);
          resolve();
        }
      };
      child.stdout.on('data', check);
      check();
    });
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  await seen(/running the schedules of 2 flows/, 'the start banner');
  await seen(/Every minute/, 'the schedule in words');
  await seen(new RegExp(`${name}: succeeded`), 'the first flow run on its schedule');
  await seen(/Contacts to customers again: succeeded/, 'the second flow run on its schedule');

  // A big change arrives and Stripe slows down: SIGTERM lands in the middle of a run.
  h.hubspot.store.seedContacts(600, 1000);
  h.stripe.faults.set({ slow: { probability: 1, ms: 20, writesOnly: true } });
  await seen(/records read so far \(page 2\)/, 'a run in progress');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(stdout).toContain('SIGTERM: stopping. Runs in progress finish their current page');
  expect(stdout).toContain('Stopped; the workspace database is closed.');

  const db = new Database(join(h.dir, 'patchbay.db'), { readonly: true });
  try {
    expect(db.prepare("SELECT COUNT(*) AS n FROM runs WHERE status = 'running'").get()).toEqual({ n: 0 });
    const cancelled = db
      .prepare<[], { flow_id: string; read: number }>(
        "SELECT flow_id, read FROM runs WHERE status = 'cancelled'",
      )
      .all();
    expect(cancelled.length).toBeGreaterThan(0);
    // Every record the stopped runs read is linked, and each flow's cursor says where to go on.
    for (const run of cancelled) {
      const links = db
        .prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM record_links WHERE flow_id = ?')
        .get(run.flow_id)!.n;
      expect(links).toBeGreaterThanOrEqual(run.read);
      const cursor = db
        .prepare<[string], { value: string }>('SELECT value FROM cursors WHERE flow_id = ?')
        .get(run.flow_id);
      expect(JSON.parse(cursor!.value)).toHaveProperty('cursor');
    }
    expect([id, second.id]).toEqual(expect.arrayContaining(cancelled.map((r) => r.flow_id)));
  } finally {
    db.close();
  }
  const emails = h.stripe.store.ordered.map((c) => c.email);
  expect(new Set(emails).size).toBe(emails.length);
}, 300_000);
