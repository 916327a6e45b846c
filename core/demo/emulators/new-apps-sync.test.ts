import { afterEach, describe, expect, it } from 'vitest';
import type { FlowInput } from '../../contract/flows.ts';
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';
import { targetFaults as faultsFor } from '../../testing/emulator-test-kit.ts';
import type { RunningEmulator } from './emulator-server.ts';
import { startMailchimpEmulator } from './mailchimp-emulator.ts';
import { startPipedriveEmulator } from './pipedrive-emulator.ts';
import { startShopifyEmulator } from './shopify-emulator.ts';
import { startZendeskEmulator } from './zendesk-emulator.ts';

// Each new connector in a real sync through the core (engine, factory, retries, keychain
// port): 2,000 records into or out of it through its emulator with faults switched on.
// Every record arrives exactly once, and the run's counts add up.

const total = 2_000;
const fast = { requestsPerSecond: '100000' };
let harness: SyncHarness | undefined;
let extra: RunningEmulator | undefined;
afterEach(async () => {
  await Promise.all([harness?.dispose(), extra?.close()]);
  harness = extra = undefined;
});

const targetFaults = faultsFor(23);

async function withApp(
  preset: string,
  emulator: RunningEmulator,
  config: Record<string, string>,
  secret: string,
): Promise<{ h: SyncHarness; appId: string }> {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  extra = emulator;
  const app = await harness.call('apps.create', {
    name: preset,
    connector: { preset, config: { baseUrl: emulator.url, ...fast, ...config } },
  });
  await harness.call('secrets.set', { appId: app.id, value: secret });
  return { h: harness, appId: app.id };
}

async function runFlow(h: SyncHarness, flow: FlowInput) {
  const created = await h.call('flows.create', flow);
  return h.call('flows.run', { id: created.id });
}

const fromHubSpot = (
  targetAppId: string,
  targetEntity: string,
  mapping: FlowInput['mapping'],
  matchKey = 'email',
): FlowInput => ({
  name: `HubSpot contacts to ${targetEntity}`,
  sourceAppId: harness!.apps.hubspot.id,
  sourceEntity: 'contacts',
  targetAppId,
  targetEntity,
  matchKey,
  mapping,
});

const email = {
  source: 'email',
  transforms: [{ type: 'trim' as const }, { type: 'case' as const, to: 'lower' as const }],
  required: true,
};

describe('2,000 records through each new connector with faults on', () => {
  it('HubSpot contacts become Mailchimp members, each once', async () => {
    const key = '0123456789abcdef0123456789abcdef-us19';
    const mailchimp = await startMailchimpEmulator({ keys: [key], listId: 'list1' });
    const { h, appId } = await withApp(
      'mailchimp',
      mailchimp,
      { listId: 'list1', baseUrl: `${mailchimp.url}/3.0` },
      key,
    );
    h.hubspot.store.seedContacts(total);
    mailchimp.faults.set(targetFaults);
    const run = await runFlow(
      h,
      fromHubSpot(
        appId,
        'members',
        [
          { target: 'email_address', ...email },
          { target: 'status', template: 'subscribed' },
          { target: 'merge_fields.FNAME', source: 'firstname' },
        ],
        'email_address',
      ),
    );
    expect(run).toMatchObject({ status: 'succeeded', counts: { read: total, created: total, failed: 0 } });
    expect(mailchimp.store.members.size).toBe(total);
    expect(
      mailchimp.faults.fired.lostWriteAnswer + mailchimp.faults.fired.serverErrorAfterWrite,
    ).toBeGreaterThan(0);
    expect(mailchimp.stats.answered429).toBeGreaterThan(0);
  }, 300_000);

  it('HubSpot contacts become Shopify customers, each once', async () => {
    // A Dev Dashboard app: the client secret buys the token (the token endpoint takes the faults too).
    const clientSecret = 'shpss_sync_secret';
    const shopify = await startShopifyEmulator({
      clients: { 'sync-client': clientSecret },
      rateLimit: { requests: 100_000, perMs: 20_000 },
    });
    const { h, appId } = await withApp(
      'shopify',
      shopify,
      {
        shop: 'acme',
        clientId: 'sync-client',
        tokenUrl: `${shopify.url}/admin/oauth/access_token`,
        baseUrl: `${shopify.url}/admin/api/2025-07`,
      },
      clientSecret,
    );
    h.hubspot.store.seedContacts(total);
    shopify.faults.set(targetFaults);
    const run = await runFlow(
      h,
      fromHubSpot(appId, 'customers', [
        { target: 'email', ...email },
        { target: 'first_name', source: 'firstname' },
        { target: 'last_name', source: 'lastname' },
      ]),
    );
    expect(run).toMatchObject({ status: 'succeeded', counts: { read: total, created: total, failed: 0 } });
    expect(shopify.store.items.customers.size).toBe(total);
    expect(shopify.faults.fired.lostWriteAnswer + shopify.faults.fired.serverErrorAfterWrite).toBeGreaterThan(
      0,
    );
    expect(shopify.signIn.requests.issued).toBeGreaterThan(0);
  }, 300_000);

  it('HubSpot contacts become Zendesk users, each once, and a second run after a change updates only it', async () => {
    const agent = 'agent@example.com';
    const token = 'zd-sync-token';
    const zendesk = await startZendeskEmulator({
      tokens: { [agent]: token },
      rateLimit: { requests: 100_000, perMs: 60_000 },
    });
    const { h, appId } = await withApp('zendesk', zendesk, { subdomain: 'acme', email: agent }, token);
    h.hubspot.store.seedContacts(total);
    zendesk.faults.set(targetFaults);
    const flow = fromHubSpot(appId, 'users', [
      { target: 'email', ...email },
      { target: 'name', template: '{{firstname}} {{lastname}}' },
    ]);
    const created = await h.call('flows.create', flow);
    const first = await h.call('flows.run', { id: created.id });
    expect(first).toMatchObject({ status: 'succeeded', counts: { read: total, created: total, failed: 0 } });
    expect(zendesk.store.items.users.size).toBe(total);
    h.hubspot.store.upsert({ firstname: 'Renamed' }, '7');
    const second = await h.call('flows.run', { id: created.id });
    expect(second).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 1, failed: 0 } });
    expect(zendesk.store.findUserByEmail('contact7@example.com')!.name).toBe('Renamed Last7');
    expect(zendesk.store.items.users.size).toBe(total);
  }, 300_000);

  it('HubSpot contacts become Pipedrive deals, each once (found again by title)', async () => {
    const token = 'pd-sync-token';
    const pipedrive = await startPipedriveEmulator({
      tokens: [token],
      rateLimit: { requests: 100_000, perMs: 2000 },
    });
    const { h, appId } = await withApp('pipedrive', pipedrive, { companyDomain: 'acme' }, token);
    h.hubspot.store.seedContacts(total);
    pipedrive.faults.set(targetFaults);
    const run = await runFlow(
      h,
      fromHubSpot(
        appId,
        'deals',
        [
          { target: 'title', template: 'Deal for {{email}}', required: true },
          { target: 'currency', template: 'EUR' },
        ],
        'title',
      ),
    );
    expect(run).toMatchObject({ status: 'succeeded', counts: { read: total, created: total, failed: 0 } });
    const titles = [...pipedrive.store.items.deals.values()].map((d) => d.title);
    expect(new Set(titles).size).toBe(total);
    expect(titles).toHaveLength(total);
    expect(
      pipedrive.faults.fired.lostWriteAnswer + pipedrive.faults.fired.serverErrorAfterWrite,
    ).toBeGreaterThan(0);
  }, 300_000);
});
