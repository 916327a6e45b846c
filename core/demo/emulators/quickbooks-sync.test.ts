import { afterEach, describe, expect, it } from 'vitest';
import { targetFaults } from '../../testing/emulator-test-kit.ts';
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';
import { serialiseTokenBundle } from '../../secrets/oauth/token-bundle.ts';
import {
  startQuickBooksEmulator,
  type QuickBooksEmulator,
  type QuickBooksEmulatorOptions,
} from './quickbooks-emulator.ts';

// QuickBooks in a real sync through the core (engine, factory, OAuth token source,
// retries): 2,000 HubSpot contacts become QuickBooks customers with faults switched on.
// Every record arrives exactly once and the counts add up; a later change at the source
// is one update, written after reading the customer's SyncToken. Then the other way: an
// invoice deleted in QuickBooks (gone from queries, named by change data capture) is
// counted once as deleted at source, and its HubSpot deal removed as the flow says.

const total = 2_000;
let harness: SyncHarness | undefined;
let quickbooks: QuickBooksEmulator | undefined;
afterEach(async () => {
  await Promise.all([harness?.dispose(), quickbooks?.close()]);
  harness = quickbooks = undefined;
});

/** The emulator with no practical rate limit: the test is about the data, not the throttle. */
const startQuickBooks = (token: string, extra: QuickBooksEmulatorOptions = {}) =>
  startQuickBooksEmulator({ tokens: [token], rateLimit: { requests: 100_000, perMs: 60_000 }, ...extra });

/** A QuickBooks app on the emulator, signed in as a finished sign-in leaves it. */
async function quickbooksApp(h: SyncHarness, emulator: QuickBooksEmulator, token: string) {
  const app = await h.call('apps.create', {
    name: 'QuickBooks',
    connector: {
      preset: 'quickbooks',
      config: {
        baseUrl: `${emulator.url}/v3/company/${emulator.realmId}`,
        requestsPerSecond: '100000',
        clientId: 'patchbay-qbo',
        realmId: emulator.realmId,
      },
    },
  });
  // The tokens and the client secret that renews them, in the keychain.
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
  return app;
}

describe('2,000 records into QuickBooks with faults on', () => {
  it('HubSpot contacts become QuickBooks customers, each once, and a change later is one update', async () => {
    const token = 'qbo-sync-access-token';
    // QuickBooks names no wait on a 429 (its docs: 60 s); here the emulator names a short one.
    quickbooks = await startQuickBooks(token, { retryAfterSeconds: 0.05 });
    harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
    const h = harness;
    const app = await quickbooksApp(h, quickbooks, token);
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

describe('QuickBooks invoices deleted in QuickBooks', () => {
  it('are seen through change data capture, counted once as deleted at source, and their copies removed', async () => {
    const token = 'qbo-deletions-token';
    quickbooks = await startQuickBooks(token);
    // Invoices name an active customer.
    quickbooks.store.put('customers', { DisplayName: 'Invoiced customer' }, undefined, Date.now() - 600_000);
    const invoices = quickbooks.store.seed('invoices', 20);
    harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
    const h = harness;
    const app = await quickbooksApp(h, quickbooks, token);
    const flow = await h.call('flows.create', {
      name: 'QuickBooks invoices to HubSpot deals',
      sourceAppId: app.id,
      sourceEntity: 'invoices',
      targetAppId: h.apps.hubspot.id,
      targetEntity: 'deals',
      matchKey: 'dealname',
      deletedAtSource: 'remove',
      mapping: [
        { target: 'dealname', template: 'Invoice {{DocNumber}}', required: true },
        { target: 'amount', source: 'TotalAmt' },
      ],
    });
    const deals = h.hubspot.store.deals;
    const dealNamed = (name: string) => [...deals.byId.values()].find((d) => d.properties.dealname === name);

    const first = await h.call('flows.run', { id: flow.id });
    expect(first).toMatchObject({ status: 'succeeded', counts: { read: 20, created: 20, failed: 0 } });
    const gone = invoices[4]!;
    const copy = dealNamed(`Invoice ${String(gone.DocNumber)}`)!;
    expect(copy).toBeDefined();

    // Deleted in QuickBooks: it leaves every query; only change data capture still names it.
    quickbooks.store.remove('invoices', Number(gone.Id));
    quickbooks.store.change('invoices', Number(invoices[6]!.Id), { PrivateNote: 'Paid by card' });
    const second = await h.call('flows.run', { id: flow.id });
    expect(second).toMatchObject({ status: 'succeeded', counts: { created: 0, deleted: 1, failed: 0 } });
    expect(deals.byId.has(copy.id)).toBe(false);
    expect(deals.archived.has(copy.id)).toBe(true);
    expect(deals.byId.size).toBe(19);
    const found = await h.call('runs.findRecord', { query: gone.Id });
    const history = found.records.find((r) => r.sourceRecordId === gone.Id)!;
    expect(history.runs[0]).toMatchObject({ runId: second.runId, outcome: 'deleted' });

    // The deletion is still in the change feed on the next run: not counted, not removed, twice.
    const third = await h.call('flows.run', { id: flow.id });
    expect(third.counts.deleted ?? 0).toBe(0);
    expect(deals.byId.size).toBe(19);
  }, 120_000);
});
