import { afterEach, expect, it } from 'vitest';
import { contactsToCustomers } from '../demo/demo-flows.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

// Issue 14, item 1: a new flow into a Stripe that already held the 49 customers
// reported "49 created", and the dashboard counted them as typing saved.
it('counts records found in the target as unchanged or updated, never created, and synced counts only real writes', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(49);
  const first = await h.call('flows.run', { id: h.flow.id });
  expect(first.counts).toMatchObject({ read: 49, created: 49, updated: 0, unchanged: 0 });
  const before = (await h.call('dashboard.get')).synced.last24h;
  expect(before).toBe(49);

  // Someone changed two customers in Stripe by hand; a second flow starts from nothing.
  h.stripe.store.update(h.stripe.store.withEmail('contact3@example.com')[0]!, { phone: '+1 555 0100' });
  h.stripe.store.update(h.stripe.store.withEmail('contact4@example.com')[0]!, { name: 'Renamed' });
  const again = await h.call('flows.create', {
    ...contactsToCustomers(h.apps.hubspot.id, h.apps.stripe.id),
    name: 'Contacts to customers, again',
  });
  const writesBefore = h.stripe.store.changes;
  const second = await h.call('flows.run', { id: again.id });

  expect(second.status).toBe('succeeded');
  expect(second.counts).toEqual({ read: 49, created: 0, updated: 2, unchanged: 47, failed: 0 });
  expect(h.stripe.store.ordered).toHaveLength(49);
  // Only the two that differed were written.
  expect(h.stripe.store.changes - writesBefore).toBe(2);
  expect(h.stripe.store.withEmail('contact3@example.com')[0]!.phone).toBe('+44 20 7946 0003');
  // Records synced (and so typing saved) count the two real writes, not 49 more.
  expect((await h.call('dashboard.get')).synced.last24h).toBe(before + 2);

  // The links were saved: the next run finds nothing to write.
  const third = await h.call('flows.run', { id: again.id });
  expect(third.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
  expect(third.counts.unchanged).toBe(third.counts.read);
});
