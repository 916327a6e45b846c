import { afterEach, expect, it } from 'vitest';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, stripeKey, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

it('an expired token opens the circuit: the flow pauses and says which app to reconnect', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(5);
  h.hubspot.faults.set({ expiredToken: true });
  const events: { name: string; payload: unknown }[] = [];
  h.core.onEvent((event) => events.push(event));

  const run = await h.call('flows.run', { id: h.flow.id });
  expect(run).toMatchObject({ status: 'failed', errorClass: 'auth', errorApp: 'HubSpot' });
  expect(run.error).toMatch(/HubSpot refused the saved sign-in/);

  const flow = await h.call('flows.get', { id: h.flow.id });
  expect(flow.pausedReason).toMatch(/Reconnect HubSpot/);
  const circuits = await h.call('apps.circuits');
  expect(circuits).toEqual([expect.objectContaining({ appId: h.apps.hubspot.id, kind: 'auth' })]);
  expect(events).toContainEqual({
    name: 'apps.circuit',
    payload: expect.objectContaining({ state: 'open', flowIds: [h.flow.id] }),
  });

  const refused = await h.core.invoke('flows.run', { id: h.flow.id });
  expect(refused).toMatchObject({
    ok: false,
    error: { message: expect.stringMatching(/paused: .*Reconnect HubSpot/) },
  });
  expect(h.stripe.store.ordered).toHaveLength(0);

  // Reconnecting (a new token saved) closes the circuit and the flow runs again.
  h.hubspot.faults.clear();
  await h.call('secrets.set', { appId: h.apps.hubspot.id, value: 'pat-na1-test-canary-7f3a9c' });
  expect((await h.call('flows.get', { id: h.flow.id })).pausedReason).toBeNull();
  expect(await h.call('apps.circuits')).toEqual([]);
  expect(await h.call('flows.run', { id: h.flow.id })).toMatchObject({ status: 'succeeded' });
  expect(h.stripe.store.ordered).toHaveLength(5);
});

it('a wrong key pauses the flows too, and saving the right one resumes them', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(3);
  await h.call('secrets.set', { appId: h.apps.stripe.id, value: 'sk_test_wrong' });
  const run = await h.call('flows.run', { id: h.flow.id });
  expect(run).toMatchObject({ status: 'failed', errorClass: 'auth', errorApp: 'Stripe' });
  expect((await h.call('flows.get', { id: h.flow.id })).pausedReason).toMatch(/Reconnect Stripe/);
  expect(JSON.stringify(await h.call('apps.circuits'))).not.toContain('sk_test_wrong');
  await h.call('secrets.set', { appId: h.apps.stripe.id, value: stripeKey });
  expect(await h.call('flows.run', { id: h.flow.id })).toMatchObject({ status: 'succeeded' });
});

it('pauses the flows of an app that stops answering and resumes them by itself when it answers again', async () => {
  harness = await startSyncHarness({
    secrets: new InMemorySecretStore(),
    retry: { maxAttempts: 2, baseMs: 1, capMs: 5, maxWaitMs: 100 },
  });
  const h = harness;
  h.hubspot.store.seedContacts(3);
  h.stripe.faults.set({ server5xx: { probability: 1, status: 503 } });
  const resumed = new Promise<unknown>((resolve) =>
    h.core.onEvent((event) => {
      if (event.name === 'apps.circuit' && (event.payload as { state: string }).state === 'closed')
        resolve(event.payload);
    }),
  );

  const run = await h.call('flows.run', { id: h.flow.id });
  expect(run).toMatchObject({ status: 'failed', errorClass: 'server', errorApp: 'Stripe' });
  expect((await h.call('flows.get', { id: h.flow.id })).pausedReason).toMatch(/Stripe is not answering/);
  expect(await h.call('apps.circuits')).toEqual([
    expect.objectContaining({ appId: h.apps.stripe.id, kind: 'unreachable' }),
  ]);

  h.stripe.faults.clear();
  expect(await resumed).toMatchObject({ appId: h.apps.stripe.id, flowIds: [h.flow.id] });
  expect((await h.call('flows.get', { id: h.flow.id })).pausedReason).toBeNull();
  expect(await h.call('flows.run', { id: h.flow.id })).toMatchObject({ status: 'succeeded' });
  expect(h.stripe.store.ordered).toHaveLength(3);
});
