import { afterEach, expect, it } from 'vitest';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import {
  contactsToCustomers,
  customersToContacts,
  startSyncHarness,
  type SyncHarness,
} from '../testing/sync-harness.ts';

// Issue 14, item 2: a dry run said "would create" for customers Stripe already held,
// and "0 would fail" for a mapping Stripe then refused 49 times of 49. It must look the
// target up as the run would, diff what it finds, and know the target's fields.

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

const customerFor = (i: number, name: string) => ({
  email: `contact${i}@example.com`,
  name,
  phone: `+44 20 7946 000${i}`,
  metadata: { hubspot_id: String(i) },
});

it('looks each record up in the target: found ones are updates with a field diff, or unchanged', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(5);
  h.stripe.store.create(customerFor(1, 'First1 Last1'));
  h.stripe.store.create(customerFor(2, 'Maria Old-Name'));
  const changesBefore = h.stripe.store.changes;

  const report = await h.call('flows.dryRun', { id: h.flow.id });
  expect(report).toMatchObject({ read: 5, wouldCreate: 3, wouldUpdate: 1, unchanged: 1, wouldFail: 0 });
  const update = report.samples.find((s) => s.action === 'update');
  expect(update).toMatchObject({
    sourceId: '2',
    targetId: h.stripe.store.withEmail('contact2@example.com')[0]!.id,
    changes: [{ field: 'name', from: 'Maria Old-Name', to: 'First2 Last2' }],
  });
  expect(report.samples.filter((s) => s.action === 'create').map((s) => s.sourceId)).toEqual(['3', '4', '5']);
  // Read only: nothing written, no link, no cursor.
  expect(h.stripe.store.changes).toBe(changesBefore);
  expect(h.stripe.store.ordered).toHaveLength(2);
  expect((await h.call('flows.cursor', { id: h.flow.id })).checkpoint).toBeNull();

  // The run then does what the dry run said: 3 new customers, none twice.
  await h.call('flows.run', { id: h.flow.id });
  expect(h.stripe.store.ordered).toHaveLength(5);
  expect(h.stripe.store.withEmail('contact2@example.com')[0]?.name).toBe('First2 Last2');
});

it('a mapping into a field the target does not have would fail, as the run then does', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(4);
  const standard = contactsToCustomers(h.apps.hubspot.id, h.apps.stripe.id);
  const flow = await h.call('flows.update', {
    id: h.flow.id,
    flow: { ...standard, mapping: [...standard.mapping, { target: 'favourite_colour', constant: 'blue' }] },
  });

  const report = await h.call('flows.dryRun', { id: flow.id });
  expect(report).toMatchObject({ read: 4, wouldCreate: 0, wouldUpdate: 0, wouldFail: 4 });
  expect(report.failures[0]?.message).toBe('Stripe customers has no field favourite_colour.');

  const run = await h.call('flows.run', { id: flow.id });
  expect(run.counts.failed).toBe(4);
  expect(h.stripe.store.ordered).toHaveLength(0);
});

it('says when the target cannot be searched, so "new" may not be new', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.stripe.store.create(customerFor(1, 'First1 Last1'));
  // The other way round: Stripe customers into HubSpot contacts, which has no lookup.
  const back = await h.call('flows.create', customersToContacts(h.apps.stripe.id, h.apps.hubspot.id));
  const report = await h.call('flows.dryRun', { id: back.id });
  expect(report).toMatchObject({ read: 1, wouldCreate: 1 });
  expect(report.notes).toEqual([
    'HubSpot cannot be searched by email before writing, so 1 record counted as new may already be there: HubSpot matches them by email as the run writes them.',
  ]);
});
