import { afterEach, expect, it } from 'vitest';
import type { PatchbayEvent } from '../contract/methods.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

it('a dry run reports what would be written and writes nothing', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(150);
  h.hubspot.store.upsert({ email: '', firstname: 'No email' });
  const requestsBefore = h.stripe.stats.requests;

  const report = await h.call('flows.dryRun', { id: h.flow.id });
  expect(report).toMatchObject({ read: 151, wouldCreate: 150, wouldUpdate: 0, unchanged: 0, wouldFail: 1 });
  expect(report.samples[0]).toEqual({
    sourceId: '1',
    action: 'create',
    record: {
      email: 'contact1@example.com',
      name: 'First1 Last1',
      phone: '+44 20 7946 0001',
      metadata: { hubspot_id: '1' },
    },
  });
  expect(report.failures[0]?.message).toMatch(/email .*empty/);
  // Each mapped record is looked up by email in Stripe once, as the run would; nothing is written.
  expect(h.stripe.stats.requests - requestsBefore).toBe(150);
  expect(h.stripe.store.changes).toBe(0);
  expect(h.stripe.store.ordered).toHaveLength(0);
  expect((await h.call('flows.cursor', { id: h.flow.id })).checkpoint).toBeNull();
  expect((await h.call('failures.list', {})).total).toBe(0);
});

it('reports progress as events, page by page', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(250);
  const events: PatchbayEvent[] = [];
  h.core.onEvent((event) => events.push(event));
  const run = await h.call('flows.run', { id: h.flow.id });
  const names = events.map((e) => e.name);
  expect(names[0]).toBe('runs.started');
  expect(names.at(-1)).toBe('runs.finished');
  const progress = events.filter((e) => e.name === 'runs.progress').map((e) => e.payload);
  expect(progress.map((p) => (p as { page: number }).page)).toEqual([1, 2, 3]);
  expect(progress.map((p) => (p as { counts: { read: number } }).counts.read)).toEqual([100, 200, 250]);
  expect(events.at(-1)!.payload).toMatchObject({ runId: run.runId, status: 'succeeded' });
});

it('shows the cursor, counts a backfill first, and a reset re-reads without writing unchanged records', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(120);
  await h.call('flows.run', { id: h.flow.id });
  const { checkpoint } = await h.call('flows.cursor', { id: h.flow.id });
  const newest = h.hubspot.store.byId.get('120')!.properties.lastmodifieddate!;
  expect(checkpoint?.cursor).toBe(new Date(newest).toISOString());

  h.hubspot.store.upsert({ firstname: 'Changed' }, '5');
  const counted = await h.call('flows.moveCursor', {
    id: h.flow.id,
    to: { reset: true },
    dryRun: true,
  });
  expect(counted).toMatchObject({ wouldReread: 120, wouldWrite: 1, changed: false });
  expect((await h.call('flows.cursor', { id: h.flow.id })).checkpoint).toEqual(checkpoint);

  const moved = await h.call('flows.moveCursor', { id: h.flow.id, to: { reset: true } });
  expect(moved.changed).toBe(true);
  const writesBefore = h.stripe.stats.requests;
  const rerun = await h.call('flows.run', { id: h.flow.id });
  expect(rerun.counts).toMatchObject({ read: 120, unchanged: 119, updated: 1, created: 0 });
  expect(h.stripe.stats.requests - writesBefore).toBe(1);
  expect(h.stripe.store.withEmail('contact5@example.com')[0]?.name).toBe('Changed Last5');

  const rewound = await h.call('flows.moveCursor', {
    id: h.flow.id,
    to: { date: '2026-01-01' },
    dryRun: true,
  });
  expect(rewound.cursor).toBe('2026-01-01T00:00:00.000Z');
  const refused = await h.core.invoke('flows.moveCursor', { id: h.flow.id, to: { date: 'last tuesday' } });
  expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/ISO 8601/) } });
});
