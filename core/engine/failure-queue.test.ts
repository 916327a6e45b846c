import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

function auditActions(dir: string): string[] {
  const db = new Database(join(dir, 'patchbay.db'), { readonly: true });
  try {
    return db
      .prepare<[], { action: string }>('SELECT action FROM audit ORDER BY id')
      .all()
      .map((r) => r.action);
  } finally {
    db.close();
  }
}

it('queues a record the target rejects, keeps one failure for it, and one retry after the fix resolves it', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(20);
  const bad = h.hubspot.store.upsert({
    email: 'jo.bloggs(at)example.com',
    firstname: 'Jo',
    lastname: 'Bloggs',
  });
  const events: string[] = [];
  h.core.onEvent((event) => events.push(event.name));

  const first = await h.call('flows.run', { id: h.flow.id });
  expect(first).toMatchObject({ status: 'partial', counts: { read: 21, created: 20, failed: 1 } });
  expect(events).toContain('failures.added');
  const queued = await h.call('failures.list', { flowId: h.flow.id });
  expect(queued.total).toBe(1);
  const failure = queued.items[0]!;
  expect(failure).toMatchObject({
    sourceRecordId: bad.contact.id,
    errorClass: 'validation',
    // Not worth retrying unchanged: it waits for someone to fix it.
    state: 'needs-attention',
    nextAttemptAt: null,
    attempts: 1,
    payload: { email: 'jo.bloggs(at)example.com', firstname: 'Jo' },
  });
  expect(failure.message).toMatch(/Stripe rejected this record/);
  expect(failure.message).toMatch(/email/i);

  // Touched again in the source, still bad: the same failure counts another attempt.
  h.hubspot.store.upsert({ lastname: 'Bloggs-Smith' }, bad.contact.id);
  const second = await h.call('flows.run', { id: h.flow.id });
  expect(second.counts.failed).toBe(1);
  const again = await h.call('failures.list', { flowId: h.flow.id });
  expect(again.total).toBe(1);
  expect(again.items[0]).toMatchObject({ id: failure.id, attempts: 2 });

  // Fixed at the source: the retry re-reads it by id and writes it.
  h.hubspot.store.upsert({ email: 'jo.bloggs@example.com' }, bad.contact.id);
  events.length = 0;
  const retried = await h.call('failures.retry', {
    ids: [failure.id],
  });
  expect(retried.retried).toBe(1);
  expect(retried.runs[0]).toMatchObject({ status: 'succeeded', counts: { created: 1, failed: 0 } });
  expect(events).toContain('failures.resolved');
  expect(h.stripe.store.withEmail('jo.bloggs@example.com')[0]).toMatchObject({ name: 'Jo Bloggs-Smith' });
  expect((await h.call('failures.list', { flowId: h.flow.id })).total).toBe(0);
  const resolved = await h.call('failures.list', { flowId: h.flow.id, states: ['resolved'] });
  expect(resolved.items.map((f) => f.id)).toEqual([failure.id]);
  expect(auditActions(h.dir)).toContain('failures.retry');
});

it('resolves a failure by itself when its record later syncs cleanly, and records manual resolutions in the audit', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  const a = h.hubspot.store.upsert({ email: 'broken-one', firstname: 'A' });
  const b = h.hubspot.store.upsert({ email: 'broken-two', firstname: 'B' });
  await h.call('flows.run', { id: h.flow.id });
  const open = await h.call('failures.list', {});
  expect(open.total).toBe(2);

  h.hubspot.store.upsert({ email: 'a@example.com' }, a.contact.id);
  const next = await h.call('flows.run', { id: h.flow.id });
  // The other, unchanged, waits in the queue: not sent again to fail again (issue 14).
  expect(next.counts).toMatchObject({ created: 1, failed: 0 });
  const left = await h.call('failures.list', {});
  expect(left.items.map((f) => f.sourceRecordId)).toEqual([b.contact.id]);

  const ignored = await h.call('failures.ignore', {
    ids: [left.items[0]!.id],
    note: 'Test contact, not a customer',
  });
  expect(ignored.changed).toBe(1);
  expect((await h.call('failures.list', {})).total).toBe(0);
  const record = (await h.call('failures.list', { states: ['ignored'] })).items[0]!;
  expect(record.note).toBe('Test contact, not a customer');
  expect(auditActions(h.dir)).toEqual(expect.arrayContaining(['flow.run', 'failures.ignore']));
});

it('retries every failure of a run, of a flow, or all of them', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  const ids = ['x1', 'x2', 'x3'].map((e) => h.hubspot.store.upsert({ email: e }).contact.id);
  const run = await h.call('flows.run', { id: h.flow.id });
  expect(run.counts.failed).toBe(3);
  for (const [i, id] of ids.entries()) h.hubspot.store.upsert({ email: `fixed${i}@example.com` }, id);

  const byRun = await h.call('failures.retry', { runId: run.runId });
  expect(byRun.retried).toBe(3);
  expect(h.stripe.store.ordered).toHaveLength(3);
  const byFlow = await h.call('failures.retry', { flowId: h.flow.id });
  expect(byFlow.retried).toBe(0);
  const all = await h.call('failures.retry', { all: true });
  expect(all.retried).toBe(0);
});

it('retries a record that was only rate-limited by itself once its time comes', async () => {
  let offsetMs = 0;
  harness = await startSyncHarness({
    secrets: new InMemorySecretStore(),
    retry: { maxAttempts: 2, baseMs: 1, capMs: 5, maxWaitMs: 100 },
    autoRetryEveryMs: 20,
    clock: { now: () => new Date(Date.now() + offsetMs) },
  });
  const h = harness;
  h.hubspot.store.seedContacts(2);
  h.stripe.faults.set({ rate429: { probability: 1, writesOnly: true } });
  const run = await h.call('flows.run', { id: h.flow.id });
  expect(run).toMatchObject({ status: 'partial', counts: { failed: 2 } });
  const queued = await h.call('failures.list', {});
  expect(queued.items).toHaveLength(2);
  for (const f of queued.items) {
    expect(f).toMatchObject({ errorClass: 'rate_limit', state: 'open', attempts: 1 });
    // First automatic retry one minute after the failure.
    expect(Date.parse(f.nextAttemptAt!) - Date.parse(f.updatedAt)).toBe(60_000);
  }

  h.stripe.faults.clear();
  const resolved = new Promise<void>((resolve) =>
    h.core.onEvent((event) => {
      if (event.name === 'runs.finished' && (event.payload as { status: string }).status === 'succeeded')
        resolve();
    }),
  );
  offsetMs = 61_000;
  await resolved;
  expect((await h.call('failures.list', {})).total).toBe(0);
  expect(h.stripe.store.ordered).toHaveLength(2);
});
