import { afterEach, describe, expect, it } from 'vitest';
import { targetFaults } from '../../testing/emulator-test-kit.ts';
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';
import { serialiseTokenBundle } from '../../secrets/oauth/token-bundle.ts';
import { startQuickBooksEmulator, type QuickBooksEmulator } from './quickbooks-emulator.ts';

// QuickBooks in a real sync through the core (engine, factory, OAuth token source,
// retries): 2,000 HubSpot contacts become QuickBooks customers with faults switched on.
// Every record arrives exactly once and the counts add up; a later change at the source
// is one update, written after reading the customer's SyncToken.

const total = 2_000;
let harness: SyncHarness | undefined;
let quickbooks: QuickBooksEmulator | undefined;
afterEach(async () => {
  await Promise.all([harness?.dispose(), quickbooks?.close()]);
  harness = quickbooks = undefined;
});

describe('2,000 records into QuickBooks with faults on', () => {
  it('HubSpot contacts become QuickBooks customers, each once, and a change later is one update', async () => {
    const token = 'qbo-sync-access-token';
    // QuickBooks names no wait on a 429 (its docs: 60 s); here the emulator names a short one.
    quickbooks = await startQuickBooksEmulator({
      tokens: [token],
      rateLimit: { requests: 100_000, perMs: 60_000 },
      retryAfterSeconds: 0.05,
    });
    harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
    const h = harness;
    const app = await h.call('apps.create', {
      name: 'QuickBooks',
      connector: {
        preset: 'quickbooks',
        config: {
          baseUrl: `${quickbooks.url}/v3/company/${quickbooks.realmId}`,
          requestsPerSecond: '100000',
          clientId: 'patchbay-qbo',
          realmId: quickbooks.realmId,
        },
      },
    });
    // What a finished sign-in leaves in the keychain: the tokens and the client secret that renews them.
    await h.call('secrets.set', {
      appId: app.id,
      value: serialiseTokenBundle({
        type: 'oauth2',
        accessToken: token,
        refreshToken: 'qbo-refresh-token',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        scope: 'com.intuit.quickbooks.accounting',
        tokenType: 'bearer',
        clientSecret: 'qbo-client-secret',
      }),
    });
    h.hubspot.store.seedContacts(total);
    quickbooks.faults.set(targetFaults(29));
    const flow = await h.call('flows.create', {
      name: 'HubSpot contacts to QuickBooks customers',
      sourceAppId: h.apps.hubspot.id,
      sourceEntity: 'contacts',
      targetAppId: app.id,
      targetEntity: 'customers',
      matchKey: 'DisplayName',
      mapping: [
        { target: 'DisplayName', template: '{{firstname}} {{lastname}}', required: true },
        { target: 'GivenName', source: 'firstname' },
        { target: 'FamilyName', source: 'lastname' },
        { target: 'PrimaryEmailAddr.Address', source: 'email' },
      ],
    });

    const first = await h.call('flows.run', { id: flow.id });
    expect(first).toMatchObject({ status: 'succeeded', counts: { read: total, created: total, failed: 0 } });
    const customers = [...quickbooks.store.items.customers.values()];
    expect(customers).toHaveLength(total);
    expect(new Set(customers.map((c) => c.DisplayName)).size).toBe(total);
    const fired = quickbooks.faults.fired;
    expect(fired.lostWriteAnswer + fired.serverErrorAfterWrite).toBeGreaterThan(0);
    expect(quickbooks.stats.answered429).toBeGreaterThan(0);

    h.hubspot.store.upsert({ email: 'renamed7@example.com' }, '7');
    const second = await h.call('flows.run', { id: flow.id });
    expect(second).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 1, failed: 0 } });
    const seventh = quickbooks.store.customerNamed('First7 Last7')!;
    expect(seventh.PrimaryEmailAddr).toEqual({ Address: 'renamed7@example.com' });
    expect(Number(seventh.SyncToken)).toBeGreaterThan(0);
    expect(quickbooks.store.items.customers.size).toBe(total);
  }, 300_000);
});
