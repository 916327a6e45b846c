import { afterEach, expect, it } from 'vitest';
import { openCore } from '../host/open-core.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

it('answers "is everything syncing?": health, volume, failures by app and hours saved', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  const before = await h.call('dashboard.get');
  expect(before.flows).toEqual([expect.objectContaining({ health: 'never_run', openFailures: 0 })]);
  expect(before.synced.perDay).toHaveLength(14);

  h.hubspot.store.seedContacts(119);
  h.hubspot.store.upsert({ email: 'no-at-sign' });
  await h.call('flows.run', { id: h.flow.id });
  const after = await h.call('dashboard.get');
  expect(after.flows[0]).toMatchObject({
    health: 'failing',
    openFailures: 1,
    reason: '1 record could not be written.',
  });
  expect(after.synced).toMatchObject({ last24h: 119, last7d: 119 });
  expect(after.synced.perDay.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), records: 119 });
  expect(after.openFailuresByApp).toEqual([{ appId: h.apps.stripe.id, appName: 'Stripe', count: 1 }]);
  // 119 records × 30 s = 59.5 minutes ≈ 1 hour.
  expect(after.hoursSaved).toEqual({ last7d: 1, secondsPerRecord: 30 });

  await h.call('settings.update', { secondsPerRecord: 120 });
  expect((await h.call('dashboard.get')).hoursSaved).toEqual({ last7d: 4, secondsPerRecord: 120 });

  await h.call('flows.pause', { id: h.flow.id });
  expect((await h.call('dashboard.get')).flows[0]).toMatchObject({ health: 'paused' });
});

// Issue 14, item 6: "All 2 flows are syncing" next to a refused key; flows that could
// not run at all (no connector, no key) shown as switched off by hand.
it('a flow next to a refused key is not syncing, and one that cannot run waits for setup', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(2);
  await h.call('flows.run', { id: h.flow.id });
  expect((await h.call('dashboard.get')).flows[0]).toMatchObject({ health: 'ok' });

  await h.call('secrets.set', { appId: h.apps.stripe.id, value: 'sk_test_refused_by_stripe' });
  await h.call('credentials.test', { appId: h.apps.stripe.id });
  const refused = (await h.call('dashboard.get')).flows[0]!;
  expect(refused).toMatchObject({
    health: 'failing',
    reason: expect.stringMatching(/^Stripe refused the key/),
  });

  const xero = await h.call('apps.create', { name: 'Xero', entities: [{ name: 'Contacts' }] });
  const noKey = await h.call('apps.create', {
    name: 'Second Stripe',
    connector: { kind: 'rest', connector: 'stripe', config: { baseUrl: h.stripe.url } },
  });
  const flowTo = (name: string, appId: string, entity: string) =>
    h.call('flows.create', {
      name,
      sourceAppId: h.apps.hubspot.id,
      sourceEntity: 'contacts',
      targetAppId: appId,
      targetEntity: entity,
      matchKey: 'email',
      enabled: false,
      mapping: [{ target: 'email', source: 'email' }],
    });
  const planned = await flowTo('Contacts to Xero', xero.id, 'Contacts');
  const unkeyed = await flowTo('Contacts to the second Stripe', noKey.id, 'customers');
  const flows = new Map((await h.call('dashboard.get')).flows.map((f) => [f.flowId, f]));
  expect(flows.get(planned.id)).toMatchObject({
    health: 'waiting_setup',
    reason: 'Waiting for setup: Xero is in the inventory only; flows to or from it stay planned.',
  });
  expect(flows.get(unkeyed.id)).toMatchObject({
    health: 'waiting_setup',
    reason:
      'Waiting for setup: Second Stripe has no saved key; save one under Apps → Second Stripe → Credentials.',
  });
});

it('lists runs with filters and shows one run with its timeline and failed records', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(5);
  const ok = await h.call('flows.run', { id: h.flow.id });
  h.hubspot.store.upsert({ email: 'broken' });
  const partial = await h.call('flows.run', { id: h.flow.id });

  const all = await h.call('runs.list', {});
  expect(all.items.map((r) => r.id)).toEqual([partial.runId, ok.runId]);
  expect(all.items[0]).toMatchObject({ status: 'partial', flowName: 'HubSpot contacts to Stripe customers' });
  expect((await h.call('runs.list', { status: 'succeeded' })).items.map((r) => r.id)).toEqual([ok.runId]);
  expect((await h.call('runs.list', { from: '2999-01-01T00:00:00Z' })).total).toBe(0);
  expect((await h.call('runs.list', { limit: 1, offset: 1 })).items.map((r) => r.id)).toEqual([ok.runId]);

  const detail = await h.call('runs.get', { id: partial.runId });
  expect(detail.run.counts.failed).toBe(1);
  // The second run re-reads the newest contact (the cursor is inclusive) and the new broken one.
  expect(detail.events).toEqual([
    expect.objectContaining({
      level: 'warning',
      kind: 'page',
      message: expect.stringMatching(/^Page 1: \d+ read; .*1 could not be written\.$/),
    }),
  ]);
  expect(detail.failures).toHaveLength(1);
  const missing = await h.core.invoke('runs.get', { id: 999 });
  expect(missing).toMatchObject({
    ok: false,
    error: { kind: 'not_found', message: 'There is no run number 999.' },
  });
});

it('keeps settings with sensible defaults and refuses values that make no sense', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  expect(await h.call('settings.get')).toMatchObject({
    rotationReminderDays: 90,
    secondsPerRecord: 30,
    retentionDays: 90,
    notifications: true,
  });
  expect(
    await h.call('settings.update', { workspaceName: 'Bloggs & Co', notifications: false }),
  ).toMatchObject({
    workspaceName: 'Bloggs & Co',
    notifications: false,
  });
  const refused = await h.core.invoke('settings.update', { retentionDays: 2 });
  expect(refused).toMatchObject({
    ok: false,
    error: {
      field: 'retentionDays',
      message: 'retentionDays: Enter a whole number of days from 7 to 3,650.',
    },
  });
  expect(await h.call('settings.get')).toMatchObject({ retentionDays: 90, workspaceName: 'Bloggs & Co' });
});

it('removes history older than the retention setting, but never a run with an open failure', async () => {
  let now = Date.now();
  harness = await startSyncHarness({
    secrets: new InMemorySecretStore(),
    clock: { now: () => new Date(now) },
  });
  const h = harness;
  h.hubspot.store.seedContacts(2);
  const clean = await h.call('flows.run', { id: h.flow.id });
  h.hubspot.store.upsert({ email: 'broken' });
  const partial = await h.call('flows.run', { id: h.flow.id });
  h.core.close();

  now += 100 * 86_400_000; // 100 days later, retention 90 days
  // The desktop app opened again: it owns the runs, so it prunes (a command that only reads does not).
  const later = openCore({
    owner: 'desktop',
    workspaceDir: h.dir,
    secrets: h.secrets,
    clock: { now: () => new Date(now) },
    logger: { info: () => {}, error: () => {} },
  });
  try {
    const runs = await later.invoke('runs.list', {});
    expect(runs.ok && (runs.value as { items: { id: number }[] }).items.map((r) => r.id)).toEqual([
      partial.runId,
    ]);
    expect(clean.runId).not.toBe(partial.runId);
  } finally {
    later.close();
  }
});
