import { afterEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../connectors/manifest/manifest-schema.ts';
import { builtInConnectors } from '../connectors/presets/index.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { contactsToCustomers, startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

/** The built-in manifests by id, as the catalogue holds them. */
const presets = new Map(builtInConnectors.map(({ manifest }) => [manifest.id, manifest]));

// A create whose answer is lost (the connection breaks, or a 5xx, after Stripe stored the
// customer) must not be done twice, even when the Idempotency-Key never reaches Stripe.

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

const customersEntity = async (h: SyncHarness) =>
  (await h.call('connectors.list'))
    .find((c) => c.id === 'stripe')!
    .entities.find((e) => e.name === 'customers')!;

describe.each(['upsert', 'create_only'] as const)('writing in %s mode', (writeMode) => {
  it('creates each contact once when a proxy strips the Idempotency-Key and create answers are lost', async () => {
    harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
    const h = harness;
    await h.call('flows.update', {
      id: h.flow.id,
      flow: { ...contactsToCustomers(h.apps.hubspot.id, h.apps.stripe.id), writeMode },
    });
    const total = 1000;
    h.hubspot.store.seedContacts(total);
    h.stripe.faults.set({
      seed: 17,
      stripIdempotencyKey: true,
      lostWriteAnswer: { probability: 0.1, writesOnly: true },
      serverErrorAfterWrite: { probability: 0.05, status: 504 },
      // Failures before Stripe stored anything: the look-up finds nothing, and the create is sent again.
      server5xx: { probability: 0.03, writesOnly: true },
      dropConnection: { probability: 0.03, writesOnly: true },
    });

    const run = await h.call('flows.run', { id: h.flow.id });

    expect(h.stripe.faults.fired.lostWriteAnswer).toBeGreaterThan(0);
    expect(h.stripe.faults.fired.serverErrorAfterWrite).toBeGreaterThan(0);
    expect(h.stripe.faults.fired.server5xx + h.stripe.faults.fired.dropConnection).toBeGreaterThan(0);
    const emails = h.stripe.store.ordered.map((c) => c.email);
    expect(emails.length - new Set(emails).size, 'duplicated customers').toBe(0);
    expect(emails).toHaveLength(total);
    expect(run).toMatchObject({ status: 'succeeded', counts: { read: total, created: total, failed: 0 } });
    expect(await customersEntity(h)).toMatchObject({ createRetry: 'lookup' });
  }, 60_000);
});

/** Stripe's connector without its lookup and without Idempotency-Key: nothing makes a re-sent create safe. */
function bareStripe(): Manifest {
  const stripe = structuredClone(presets.get('stripe')!);
  const customers = stripe.entities.customers!;
  delete customers.lookup;
  delete customers.write!.create!.idempotencyHeader;
  delete customers.write!.update!.idempotencyHeader;
  return stripe;
}

describe('a target that has neither an idempotency key nor a lookup', () => {
  it.each([
    ['the connection breaks', { lostWriteAnswer: { next: 1, writesOnly: true } }],
    ['a gateway answers 504', { serverErrorAfterWrite: { next: 1, status: 504 as const } }],
  ])(
    'does not send a create again after %s: the record waits in the failure queue, saying to check',
    async (_, fault) => {
      harness = await startSyncHarness({
        secrets: new InMemorySecretStore(),
        presets: { stripe: bareStripe() },
      });
      const h = harness;
      h.hubspot.store.seedContacts(5);
      h.stripe.faults.set(fault);

      const run = await h.call('flows.run', { id: h.flow.id });

      // The lost create was stored once and never sent again.
      const emails = h.stripe.store.ordered.map((c) => c.email);
      expect(emails).toHaveLength(5);
      expect(new Set(emails).size).toBe(5);
      expect(run).toMatchObject({ status: 'partial', counts: { read: 5, created: 4, failed: 1 } });
      const { items } = await h.call('failures.list', { flowId: h.flow.id });
      expect(items).toHaveLength(1);
      const failure = items[0]!;
      expect(failure).toMatchObject({ errorClass: 'unconfirmed', state: 'needs-attention' });
      expect(failure.message).toMatch(/Stripe may or may not have created this record/);
      expect(failure.message).toMatch(/Check Stripe/);
      expect(h.stripe.store.withEmail(String(failure.payload.email))).toHaveLength(1);
      // Said as data, so `patchbay connector show` can print it.
      expect(await customersEntity(h)).toMatchObject({ createRetry: 'limited' });
    },
  );
});
