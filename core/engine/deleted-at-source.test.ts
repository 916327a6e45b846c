import { afterEach, describe, expect, it } from 'vitest';
import type { FlowInput } from '../contract/flows.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { contactsToCustomers, startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

// Records deleted at the source (issue 11, item 3): the connector reports them as
// deletions, and a run counts them, never writes them again, records "deleted at
// source" for Find a record, and — only where the flow says so — removes the copy.

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

async function synced(seed: number) {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(seed);
  expect(await h.call('flows.run', { id: h.flow.id })).toMatchObject({ counts: { created: seed } });
  return h;
}

const customerOf = (h: SyncHarness, email: string) => h.stripe.store.withEmail(email)[0];

describe('a contact archived in HubSpot', () => {
  it('is counted as deleted at source, once, and its Stripe customer is left alone by default', async () => {
    const h = await synced(5);
    const copy = customerOf(h, 'contact3@example.com')!;
    h.hubspot.store.archive('3');

    const run = await h.call('flows.run', { id: h.flow.id });
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 0, deleted: 1 } });
    // Left alone: the customer is still there, not deleted and not written again.
    expect(h.stripe.store.live(copy.id)).toBeDefined();
    expect(h.stripe.store.ordered).toHaveLength(5);

    const detail = await h.call('runs.get', { id: run.runId });
    expect(detail.run.counts.deleted).toBe(1);
    expect(detail.events.map((e) => e.message)).toContainEqual(
      expect.stringContaining('1 deleted at source'),
    );
    const found = await h.call('runs.findRecord', { query: 'contact3@example.com' });
    expect(found.records[0]!.runs[0]).toMatchObject({ runId: run.runId, outcome: 'deleted' });

    // HubSpot lists the archived contact again on the next run: it is not counted twice.
    const again = await h.call('flows.run', { id: h.flow.id });
    expect(again.counts.deleted ?? 0).toBe(0);
    expect(h.stripe.store.ordered).toHaveLength(5);
  });

  it('archives the copy too when the flow says to remove deleted records', async () => {
    const h = await synced(4);
    const input: FlowInput = {
      ...contactsToCustomers(h.apps.hubspot.id, h.apps.stripe.id),
      deletedAtSource: 'remove',
    };
    const flow = await h.call('flows.update', { id: h.flow.id, flow: input });
    expect(flow.deletedAtSource).toBe('remove');
    const copy = customerOf(h, 'contact2@example.com')!;
    const kept = customerOf(h, 'contact1@example.com')!;
    h.hubspot.store.archive('2');

    const run = await h.call('flows.run', { id: h.flow.id });
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: 0, deleted: 1 } });
    expect(h.stripe.store.deleted.has(copy.id)).toBe(true);
    expect(h.stripe.store.live(kept.id)).toBeDefined();

    // A change to another contact still syncs, and the removed one is never re-created.
    h.hubspot.store.upsert({ firstname: 'Changed' }, '1');
    const next = await h.call('flows.run', { id: h.flow.id });
    expect(next.counts).toMatchObject({ created: 0, updated: 1 });
    expect(customerOf(h, 'contact2@example.com')).toBeUndefined();
  });
});

describe('a Stripe customer deleted before a run reads its events', () => {
  it('is never created in the target, even though its creation is in the feed', async () => {
    harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
    const h = harness;
    const customersToContacts: FlowInput = {
      name: 'Billing customers to the CRM',
      sourceAppId: h.apps.stripe.id,
      sourceEntity: 'customers',
      targetAppId: h.apps.hubspot.id,
      targetEntity: 'contacts',
      matchKey: 'email',
      mapping: [
        { target: 'email', source: 'email', required: true },
        { target: 'firstname', source: 'name' },
      ],
    };
    const flow = await h.call('flows.create', customersToContacts);
    h.stripe.store.create({ email: 'kept@example.com', name: 'Kept' });
    expect(await h.call('flows.run', { id: flow.id })).toMatchObject({ counts: { created: 1 } });

    // Between runs: one customer is made and deleted, another changed.
    const fleeting = h.stripe.store.create({ email: 'fleeting@example.com', name: 'Fleeting' });
    h.stripe.store.remove(fleeting.id);
    h.stripe.store.update(h.stripe.store.withEmail('kept@example.com')[0]!, { name: 'Kept Renamed' });

    const run = await h.call('flows.run', { id: flow.id });
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 1, deleted: 1 } });
    expect(h.hubspot.store.findByEmail('fleeting@example.com')).toBeUndefined();
    expect(h.hubspot.store.findByEmail('kept@example.com')!.properties.firstname).toBe('Kept Renamed');
  });
});
