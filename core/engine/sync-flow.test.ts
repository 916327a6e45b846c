import { afterEach, describe, expect, it } from 'vitest';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

describe('a flow from the HubSpot emulator to the Stripe emulator', () => {
  it('copies every contact once, then finds nothing to write on a second run', async () => {
    harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
    const h = harness;
    h.hubspot.store.seedContacts(250);
    const first = await h.call('flows.run', { id: h.flow.id });
    expect(first).toMatchObject({ status: 'succeeded', counts: { read: 250, created: 250, failed: 0 } });
    expect(h.stripe.store.ordered).toHaveLength(250);
    const customer = h.stripe.store.withEmail('contact7@example.com')[0]!;
    expect(customer).toMatchObject({ name: 'First7 Last7', metadata: { hubspot_id: '7' } });

    const second = await h.call('flows.run', { id: h.flow.id });
    expect(second.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(h.stripe.store.ordered).toHaveLength(250);
  });

  it('moves 10,000 contacts exactly once through every kind of fault, and the counts add up', async () => {
    harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
    const h = harness;
    h.hubspot.store.seedContacts(10_000);
    const faults = {
      seed: 7,
      rate429: { probability: 0.02 },
      server5xx: { probability: 0.02, status: 503 as const },
      slow: { probability: 0.01, ms: 30 },
      dropConnection: { probability: 0.02 },
      malformedJson: { probability: 0.02 },
      lostWriteAnswer: { probability: 0.02, writesOnly: true },
      serverErrorAfterWrite: { probability: 0.01, status: 504 as const },
    };
    // HubSpot answers ~120 page reads against Stripe's ~20,000 writes: a higher rate
    // there makes sure every kind fires on both sides.
    const often = { probability: 0.06 };
    h.hubspot.faults.set({
      ...faults,
      rate429: often,
      server5xx: { ...often, status: 502 },
      dropConnection: often,
      malformedJson: often,
    });
    h.stripe.faults.set({ ...faults, seed: 11 });

    const run = await h.call('flows.run', { id: h.flow.id });

    // HubSpot is only read here, so the faults that follow a write fire at Stripe alone.
    const afterWrite = new Set(['lostWriteAnswer', 'serverErrorAfterWrite']);
    for (const [name, emulator] of [
      ['HubSpot', h.hubspot],
      ['Stripe', h.stripe],
    ] as const)
      for (const [kind, fired] of Object.entries(emulator.faults.fired))
        if (!afterWrite.has(kind) || name === 'Stripe')
          expect(fired, `${kind} never fired at ${name}`).toBeGreaterThan(0);
    expect(run.status).toBe('succeeded');
    const { read, created, updated, unchanged, failed } = run.counts;
    expect(read).toBe(created + updated + unchanged + failed);
    expect({ created, failed }).toEqual({ created: 10_000, failed: 0 });
    const emails = h.stripe.store.ordered.map((c) => c.email);
    expect(emails).toHaveLength(10_000);
    expect(new Set(emails).size).toBe(10_000);
    expect(h.stripe.store.withEmail('contact9999@example.com')[0]?.metadata).toEqual({ hubspot_id: '9999' });
  }, 120_000);
});
