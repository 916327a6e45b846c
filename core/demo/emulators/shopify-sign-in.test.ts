import { afterEach, describe, expect, it } from 'vitest';
import { builtInConnectors } from '../../connectors/presets/index.ts';
import type { Manifest } from '../../connectors/manifest/manifest-schema.ts';
import type { FlowInput } from '../../contract/flows.ts';
import { clientFor } from '../../host/core-client.ts';
import { openCore } from '../../host/open-core.ts';
import type { Clock } from '../../ports.ts';
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import {
  contactsToCustomers as harnessFlow,
  startSyncHarness,
  type SyncHarness,
} from '../../testing/sync-harness.ts';
import { startShopifyEmulator, type ShopifyEmulator } from './shopify-emulator.ts';

// Shopify's sign-in through the core (engine, connector factory, token source, keychain
// port): a Dev Dashboard app's client id and secret buy 24-hour tokens that Patchbay
// renews by itself, and a custom app made the older way keeps its Admin API access token.

const client = { id: 'dev-dashboard-client', secret: 'shpss_sign_in_secret_5e1d' };
const legacyToken = 'shpat_legacy_custom_app_9c2b';
const fast = { requestsPerSecond: '100000' };
const newPreset = builtInConnectors.find((c) => c.manifest.id === 'shopify')!.manifest;

let harness: SyncHarness | undefined;
let shopify: ShopifyEmulator | undefined;
afterEach(async () => {
  await Promise.all([harness?.dispose(), shopify?.close()]);
  harness = shopify = undefined;
});

async function start(options: Parameters<typeof startShopifyEmulator>[0], clock?: Clock, preset?: Manifest) {
  shopify = await startShopifyEmulator({
    clients: { [client.id]: client.secret },
    tokens: [legacyToken],
    rateLimit: { requests: 100_000, perMs: 20_000 },
    ...options,
  });
  harness = await startSyncHarness({
    secrets: new InMemorySecretStore(),
    ...(clock ? { clock } : {}),
    ...(preset ? { presets: { shopify: preset } } : {}),
  });
  return { h: harness, shopify };
}

/** A Dev Dashboard app: the shop, its client id, and the emulator's token endpoint for the real one. */
function devDashboardConfig(emulator: ShopifyEmulator) {
  return {
    shop: 'acme',
    clientId: client.id,
    tokenUrl: `${emulator.url}/admin/oauth/access_token`,
    baseUrl: `${emulator.url}/admin/api/2025-07`,
    ...fast,
  };
}

async function shopifyApp(h: SyncHarness, config: Record<string, string>, credential: string) {
  const app = await h.call('apps.create', { name: 'Shopify', connector: { preset: 'shopify', config } });
  await h.call('secrets.set', { appId: app.id, value: credential });
  return app;
}

/** The harness's HubSpot → Stripe flow, pointed at Shopify's customers. */
const contactsToCustomers = (h: SyncHarness, shopifyId: string): FlowInput => ({
  ...harnessFlow(h.apps.hubspot.id, shopifyId),
  name: 'HubSpot contacts to Shopify customers',
  targetEntity: 'customers',
  mapping: [
    { target: 'email', source: 'email', required: true },
    { target: 'first_name', source: 'firstname' },
  ],
});

describe('Shopify signs in with a Dev Dashboard app’s client id and secret', () => {
  it('a token that expires mid-run is bought again, and the run ends without a failure', async () => {
    // The shop's clock jumps a day once the run is under way: every token bought so far is dead.
    const start0 = Date.now();
    let jumped = false;
    const { h, shopify: shop } = await start({
      now: () => {
        jumped ||= (shopify?.stats.requests ?? 0) > 150;
        return start0 + (jumped ? 25 * 3_600_000 : 0);
      },
    });
    const app = await shopifyApp(h, devDashboardConfig(shop), client.secret);
    h.hubspot.store.seedContacts(300);
    const flow = await h.call('flows.create', contactsToCustomers(h, app.id));
    const run = await h.call('flows.run', { id: flow.id });
    expect(run).toMatchObject({ status: 'succeeded', counts: { read: 300, created: 300, failed: 0 } });
    expect(jumped).toBe(true);
    expect(shop.store.items.customers.size).toBe(300);
    // One token at the start, one after the 401 of the dead one; never the person asked.
    expect(shop.signIn.requests).toEqual({ issued: 2, refused: 0 });
    expect(await h.call('apps.circuits')).toEqual([]);
  }, 120_000);

  it('a token about to expire is renewed before it is used, without waiting for a 401', async () => {
    let offsetMs = 0;
    const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
    const { h, shopify: shop } = await start({}, clock);
    const app = await shopifyApp(h, devDashboardConfig(shop), client.secret);
    h.hubspot.store.seedContacts(5);
    const flow = await h.call('flows.create', contactsToCustomers(h, app.id));
    expect(await h.call('flows.run', { id: flow.id })).toMatchObject({ status: 'succeeded' });
    expect(shop.signIn.requests.issued).toBe(1);
    // A day later on this PC: the token has under a minute left (86399 s), so a new one is bought first.
    offsetMs = 86_399_000 - 30_000;
    h.hubspot.store.upsert({ email: 'late@example.com', firstname: 'Late', lastname: 'Comer' });
    expect(await h.call('flows.run', { id: flow.id })).toMatchObject({
      status: 'succeeded',
      counts: { created: 1, failed: 0 },
    });
    expect(shop.signIn.requests.issued).toBe(2);
  }, 60_000);

  it('a shop that refuses every token (the expired-token switch) costs one new token, then stops the run with "Reconnect Shopify"', async () => {
    const { h, shopify: shop } = await start({});
    const app = await shopifyApp(h, devDashboardConfig(shop), client.secret);
    h.hubspot.store.seedContacts(3);
    const flow = await h.call('flows.create', contactsToCustomers(h, app.id));
    shop.faults.set({ expiredToken: true });
    const run = await h.call('flows.run', { id: flow.id });
    expect(run).toMatchObject({ status: 'failed', errorClass: 'auth', errorApp: 'Shopify' });
    expect((await h.call('flows.get', { id: flow.id })).pausedReason).toMatch(/Reconnect Shopify/);
    // The first token, then one more after a 401 whose retry is refused too: no loop of
    // purchases (the paused app's background probe may buy one more).
    expect(shop.signIn.requests.issued).toBeGreaterThanOrEqual(2);
    expect(shop.signIn.requests.issued).toBeLessThanOrEqual(3);
    expect(shop.store.items.customers.size).toBe(0);
  }, 60_000);

  it('a wrong client secret pauses the flows and asks to check the client ID and secret, never quoting it', async () => {
    const wrong = 'shpss_wrong_secret_a41f';
    const { h, shopify: shop } = await start({});
    const app = await shopifyApp(h, devDashboardConfig(shop), wrong);
    h.hubspot.store.seedContacts(3);
    const flow = await h.call('flows.create', contactsToCustomers(h, app.id));
    const run = await h.call('flows.run', { id: flow.id });
    expect(run).toMatchObject({ status: 'failed', errorClass: 'auth', errorApp: 'Shopify' });
    expect(run.error).toMatch(/did not accept the client ID and client secret/);
    const paused = await h.call('flows.get', { id: flow.id });
    expect(paused.pausedReason).toMatch(/Shopify/);
    const circuits = await h.call('apps.circuits');
    expect(circuits).toEqual([expect.objectContaining({ appId: app.id, kind: 'auth' })]);
    expect(shop.signIn.requests).toMatchObject({ issued: 0 });
    expect(shop.store.items.customers.size).toBe(0);
    const everything = JSON.stringify([run, paused, circuits, await h.call('apps.list'), h.logs]);
    expect(everything).not.toContain(wrong);

    // Saving the right secret resumes the flows and the run goes through.
    await h.call('secrets.set', { appId: app.id, value: client.secret });
    expect(await h.call('apps.circuits')).toEqual([]);
    expect(await h.call('flows.run', { id: flow.id })).toMatchObject({
      status: 'succeeded',
      counts: { created: 3, failed: 0 },
    });
  }, 60_000);
});

describe('the Shopify connector as the app form sees it', () => {
  it('asks for the shop, then the client ID, then the client secret, with no browser sign-in', async () => {
    const { h } = await start({});
    const connectors = await h.call('connectors.list');
    const shop = connectors.find((c) => c.id === 'shopify')!;
    expect(shop).toMatchObject({ auth: 'oauth2', browserSignIn: false });
    const names = shop.settings.map((s) => s.name);
    expect(names.slice(0, 4)).toEqual(['shop', 'version', 'clientId', 'clientSecret']);
    expect(names).toContain('tokenUrl');
    expect(names).not.toContain('authorizeUrl');
    expect(shop.settings.find((s) => s.name === 'clientSecret')).toMatchObject({ secret: true });
    expect(shop.settings.find((s) => s.name === 'clientId')!.help).toContain('Dev Dashboard');
    // A browser sign-in keeps its "Connect" button.
    expect(connectors.find((c) => c.id === 'xero')).toMatchObject({ browserSignIn: true });
  });
});

describe('Add app’s "Test the connection" for a Dev Dashboard app', () => {
  it('buys a token with the client id and secret as typed, keeps nothing, and says plainly when they are wrong', async () => {
    const { h, shopify: shop } = await start({});
    const before = await h.call('credentials.list');
    const draft = { name: 'Shop', connector: { preset: 'shopify', config: devDashboardConfig(shop) } };
    expect(await h.call('credentials.testDraft', { ...draft, secret: client.secret })).toEqual({
      ok: true,
      message: 'Connected to Shop.',
    });
    const wrong = 'shpss_typo_secret_77';
    const refused = await h.call('credentials.testDraft', { ...draft, secret: wrong });
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('did not accept the client ID and client secret');
    expect(refused.message).not.toContain(wrong);
    expect(shop.signIn.requests).toEqual({ issued: 1, refused: 1 });
    expect(await h.call('apps.list')).toHaveLength(2);
    expect(await h.call('credentials.list')).toEqual(before);
  }, 60_000);
});

describe('a Shopify custom app made before 2026 keeps its Admin API access token', () => {
  /** The preset as main shipped it (version 1): the token in X-Shopify-Access-Token, its secret setting named accessToken. */
  const tokenPreset: Manifest = {
    ...newPreset,
    version: '1',
    auth: { type: 'api_key', in: 'header', name: 'X-Shopify-Access-Token' },
    settings: [
      ...newPreset.settings.filter((s) => !s.secret),
      { name: 'accessToken', label: 'Admin API access token', type: 'text', required: true, secret: true },
    ],
  };

  it('a workspace made with the token preset still runs its Shopify flow after the preset moved to client credentials', async () => {
    const { h, shopify: shop } = await start({}, undefined, tokenPreset);
    const config = { shop: 'acme', version: '2025-07', baseUrl: `${shop.url}/admin/api/2025-07`, ...fast };
    const app = await shopifyApp(h, config, legacyToken);
    h.hubspot.store.seedContacts(4);
    const flow = await h.call('flows.create', contactsToCustomers(h, app.id));
    expect(await h.call('flows.run', { id: flow.id })).toMatchObject({
      status: 'succeeded',
      counts: { created: 4 },
    });

    // The same workspace opened again with today's preset: the app has no client ID, so its token goes as it is.
    h.core.close();
    const core = openCore({ workspaceDir: h.dir, secrets: h.secrets, probeDelaysMs: [20] });
    try {
      const { call } = clientFor(core);
      expect((await call('apps.get', { id: app.id })).connector).toMatchObject({
        connector: 'shopify',
        config,
      });
      h.hubspot.store.upsert({ email: 'new@example.com', firstname: 'New', lastname: 'Shopper' });
      expect(await call('flows.run', { id: flow.id })).toMatchObject({
        status: 'succeeded',
        counts: { created: 1, failed: 0 },
      });
      expect(shop.store.items.customers.size).toBe(5);
      expect(shop.signIn.requests).toEqual({ issued: 0, refused: 0 });
      const check = await call('credentials.test', { appId: app.id });
      expect(check).toMatchObject({ ok: true });
    } finally {
      core.close();
    }
  }, 60_000);

  it('a revoked legacy token stops the run with "Reconnect Shopify", and nothing is bought with it', async () => {
    const { h, shopify: shop } = await start({ tokens: [] });
    const app = await shopifyApp(
      h,
      { shop: 'acme', baseUrl: `${shop.url}/admin/api/2025-07`, ...fast },
      legacyToken,
    );
    h.hubspot.store.seedContacts(2);
    const flow = await h.call('flows.create', contactsToCustomers(h, app.id));
    const run = await h.call('flows.run', { id: flow.id });
    expect(run).toMatchObject({ status: 'failed', errorClass: 'auth', errorApp: 'Shopify' });
    expect((await h.call('flows.get', { id: flow.id })).pausedReason).toMatch(/Reconnect Shopify/);
    expect(shop.signIn.requests).toEqual({ issued: 0, refused: 0 });
    expect(JSON.stringify(run)).not.toContain(legacyToken);
  }, 60_000);
});
