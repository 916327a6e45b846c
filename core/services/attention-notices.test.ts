import { afterEach, expect, it } from 'vitest';
import type { PatchbayEvent } from '../contract/methods.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

const notices = (events: PatchbayEvent[]) =>
  events.filter((e) => e.name === 'attention.needed').map((e) => e.payload);

it('tells the PC when records are left behind or Patchbay pauses a flow, and stays quiet when switched off', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  const events: PatchbayEvent[] = [];
  h.core.onEvent((event) => events.push(event));

  // A clean run needs nobody.
  h.hubspot.store.seedContacts(3);
  await h.call('flows.run', { id: h.flow.id });
  expect(events.some((e) => e.name === 'runs.finished')).toBe(true);
  expect(notices(events)).toEqual([]);

  h.hubspot.store.upsert({ email: 'no-at-sign' });
  await h.call('flows.run', { id: h.flow.id });
  expect(notices(events)).toEqual([
    {
      flowId: h.flow.id,
      title: 'HubSpot contacts to Stripe customers: 1 record could not be written',
      body: 'Open Failures in Patchbay to see why, fix it, and retry.',
    },
  ]);

  // Retrying the same broken record (as the automatic retries do) says nothing new.
  events.length = 0;
  await h.call('failures.retry', { flowId: h.flow.id });
  expect(events.some((e) => e.name === 'runs.finished')).toBe(true);
  expect(notices(events)).toEqual([]);
  // HubSpot refuses the sign-in: the run fails and the flows are paused, both said.
  h.hubspot.faults.set({ expiredToken: true });
  await h.call('flows.run', { id: h.flow.id });
  const said = notices(events);
  expect(said).toContainEqual(
    expect.objectContaining({ title: 'HubSpot contacts to Stripe customers failed', flowId: h.flow.id }),
  );
  expect(said).toContainEqual(
    expect.objectContaining({
      title: 'Patchbay paused the flows of HubSpot',
      body: expect.stringMatching(/Reconnect HubSpot/),
    }),
  );
  expect(JSON.stringify(said)).not.toContain('pat-na1');

  // Switched off in Settings: the same trouble, no notice.
  events.length = 0;
  await h.call('settings.update', { notifications: false });
  h.hubspot.faults.clear();
  await h.call('secrets.set', { appId: h.apps.hubspot.id, value: 'pat-na1-test-canary-7f3a9c' });
  h.hubspot.store.upsert({ email: 'still-no-at-sign' });
  await h.call('flows.run', { id: h.flow.id });
  expect(events.some((e) => e.name === 'runs.finished')).toBe(true);
  expect(notices(events)).toEqual([]);
});
