import { afterEach, expect, it } from 'vitest';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { customersToContacts, startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

// Issue 14: a batch upsert counted a record created whenever Patchbay had no link for
// it, so customers copied into a HubSpot that already held some of them were all
// "created". HubSpot's answer says which were new (`results[].new`); the counts follow it.
it('counts batch-upserted records created or updated as HubSpot’s answer says, over real HTTP', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  for (let i = 1; i <= 5; i++)
    h.stripe.store.create({ email: `contact${i}@example.com`, name: `Person ${i}` });
  // HubSpot already holds two of them, entered by hand: Patchbay never linked them.
  h.hubspot.store.seedContacts(2);
  const flow = await h.call('flows.create', customersToContacts(h.apps.stripe.id, h.apps.hubspot.id));

  const run = await h.call('flows.run', { id: flow.id });

  expect(run.counts).toMatchObject({ read: 5, created: 3, updated: 2, failed: 0 });
  expect(h.hubspot.store.byId.size).toBe(5);
  expect(h.hubspot.store.findByEmail('contact1@example.com')?.properties.firstname).toBe('Person 1');
  // Find a record tells the same story per record.
  const outcomesOf = async (query: string) =>
    (await h.call('runs.findRecord', { query })).records.flatMap((r) => r.runs.map((x) => x.outcome));
  expect(await outcomesOf('contact1@example.com')).toEqual(['updated']);
  expect(await outcomesOf('contact5@example.com')).toEqual(['created']);
});
