import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseManifest } from '../../connectors/manifest/manifest-schema.ts';
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import { visitInBrowser } from '../../testing/oauth-test-kit.ts';
import { startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';
import type { RunningEmulator } from './emulator-server.ts';
import { startOAuthEmulator, type OAuthEmulator } from './oauth-emulator.ts';
import { startPipedriveEmulator } from './pipedrive-emulator.ts';

// Pipedrive as a Marketplace app (docs/examples/pipedrive-oauth.json): a browser sign-in
// whose token answer names the company's own server (`api_domain`), which becomes the
// connector's address. Everything over real HTTP on 127.0.0.1: the OAuth emulator, the
// Pipedrive emulator accepting its access tokens, and a decoy that must never be reached.

const example = JSON.parse(
  readFileSync(new URL('../../../docs/examples/pipedrive-oauth.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & { auth: { capture: Record<string, unknown>[] } };
const clientId = 'patchbay-pipedrive';
const clientSecret = 'pd-client-secret-0123456789';
const total = 120;

/**
 * The example as written (`*.pipedrive.com`), or with its host pattern naming this PC:
 * a local server cannot be on pipedrive.com, and only the pattern changes.
 */
function exampleWithHosts(hosts?: string[]) {
  if (!hosts) return example;
  const [apiDomain] = example.auth.capture;
  return { ...example, auth: { ...example.auth, capture: [{ ...apiDomain, hosts }] } };
}

let harness: SyncHarness | undefined;
let servers: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all([harness?.dispose(), ...servers.map((s) => s.close())]);
  harness = undefined;
  servers = [];
});

/** The sign-in server, Pipedrive's API, and a second Pipedrive (the decoy) that would take the same tokens. */
async function startServers(): Promise<{
  oauth: OAuthEmulator;
  tokenAnswer: Record<string, string>;
  pipedrive: Awaited<ReturnType<typeof startPipedriveEmulator>>;
  decoy: Awaited<ReturnType<typeof startPipedriveEmulator>>;
}> {
  // Read when each token answer is written: it names the server started just after.
  const tokenAnswer: Record<string, string> = {};
  const oauth = await startOAuthEmulator({
    confidentialClients: { [clientId]: clientSecret },
    clientAuth: 'basic',
    tokenAnswerExtras: tokenAnswer,
  });
  const tokenState = (token: string) => oauth.accessTokenState(token);
  const fast = { requests: 100_000, perMs: 2000 };
  const pipedrive = await startPipedriveEmulator({ tokens: [], tokenState, rateLimit: fast });
  const decoy = await startPipedriveEmulator({ tokens: [], tokenState, rateLimit: fast });
  servers = [oauth, pipedrive, decoy];
  return { oauth, tokenAnswer, pipedrive, decoy };
}

/** A workspace with the connector installed and an app of it, its client secret saved; not signed in yet. */
async function appOf(manifest: unknown, oauth: OAuthEmulator) {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  const check = await h.call('connectors.check', { manifest });
  await h.call('connectors.install', { manifest });
  const app = await h.call('apps.create', {
    name: 'Pipedrive',
    connector: {
      preset: 'pipedrive-oauth',
      config: {
        clientId,
        authorizeUrl: oauth.authorizeUrl,
        tokenUrl: oauth.tokenUrl,
        requestsPerSecond: '100000',
      },
    },
  });
  await h.call('secrets.set', { appId: app.id, value: clientSecret });
  return { h, appId: app.id, check };
}

/** "Connect Pipedrive": the browser consents, the listener answers with its page. */
async function signIn(h: SyncHarness, appId: string) {
  const { authorizeUrl } = await h.call('oauth.start', { appId });
  return visitInBrowser(authorizeUrl);
}

/** HubSpot contacts become Pipedrive deals, found again by title (no search by email needed). */
const contactsToDeals = (h: SyncHarness, appId: string) => ({
  name: 'HubSpot contacts to Pipedrive deals',
  sourceAppId: h.apps.hubspot.id,
  sourceEntity: 'contacts',
  targetAppId: appId,
  targetEntity: 'deals',
  matchKey: 'title',
  mapping: [
    { target: 'title', template: 'Deal for {{email}}', required: true },
    { target: 'currency', template: 'EUR' },
  ],
});

describe('Pipedrive signed in as a Marketplace app, its address from the token answer', () => {
  it('the example manifest is valid and its check names the hosts it may talk to', () => {
    const manifest = parseManifest(example);
    expect(manifest.baseUrl).toBe('{{config.apiDomain}}');
    expect(manifest.auth).toMatchObject({
      type: 'oauth2',
      authorizeUrl: 'https://oauth.pipedrive.com/oauth/authorize',
      tokenUrl: 'https://oauth.pipedrive.com/oauth/token',
      clientAuth: 'basic',
      capture: [{ name: 'apiDomain', from: 'token', path: 'api_domain', hosts: ['*.pipedrive.com'] }],
    });
  });

  it('keeps api_domain from the sign-in and syncs through it', async () => {
    const { oauth, tokenAnswer, pipedrive, decoy } = await startServers();
    tokenAnswer.api_domain = pipedrive.url;
    const { h, appId, check } = await appOf(exampleWithHosts(['127.0.0.1']), oauth);
    // The check lists the declared pattern among the hosts it will talk to.
    expect(check.hosts).toEqual(['https://127.0.0.1', 'https://oauth.pipedrive.com']);

    const visit = await signIn(h, appId);
    expect(visit.page).toContain('connected');
    const app = await h.call('apps.get', { id: appId });
    expect(app.connector!.config.apiDomain).toBe(pipedrive.url);

    h.hubspot.store.seedContacts(total);
    const created = await h.call('flows.create', contactsToDeals(h, appId));
    const run = await h.call('flows.run', { id: created.id });
    expect(run).toMatchObject({ status: 'succeeded', counts: { read: total, created: total, failed: 0 } });
    const titles = [...pipedrive.store.items.deals.values()].map((d) => d.title);
    expect(new Set(titles).size).toBe(total);
    expect(titles).toContain('Deal for contact7@example.com');
    expect(decoy.stats.requests).toBe(0);
  }, 120_000);

  it('refuses a token answer whose api_domain is outside the declared hosts, and sends nothing there', async () => {
    const { oauth, tokenAnswer, pipedrive, decoy } = await startServers();
    // The same PC, named by another host than the pattern allows.
    tokenAnswer.api_domain = decoy.url.replace('127.0.0.1', 'localhost');
    const { h, appId } = await appOf(exampleWithHosts(['127.0.0.1']), oauth);

    const visit = await signIn(h, appId);
    expect(visit.page).toContain('&quot;api_domain&quot; (localhost:');
    expect(visit.page).toContain('is not one of the hosts the connector declares (127.0.0.1)');
    const app = await h.call('apps.get', { id: appId });
    expect(app.connector!.config.apiDomain).toBeUndefined();

    // No address: the flow stops before sending anything, naming what is missing.
    h.hubspot.store.seedContacts(3);
    const created = await h.call('flows.create', contactsToDeals(h, appId));
    const run = await h.call('flows.run', { id: created.id });
    expect(run).toMatchObject({
      status: 'failed',
      error: expect.stringContaining(
        'address comes from signing in (Company address): connect Pipedrive first',
      ),
    });

    // Typed in by hand, the same address is refused too, naming the field.
    await expect(
      h.call('apps.update', {
        id: appId,
        app: {
          name: app.name,
          connector: {
            preset: 'pipedrive-oauth',
            config: { ...app.connector!.config, apiDomain: tokenAnswer.api_domain },
          },
        },
      }),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'connector.config.apiDomain' })] });
    expect(decoy.stats.requests).toBe(0);
    expect(pipedrive.stats.requests).toBe(0);
  }, 120_000);

  it('the example as written refuses a local server in place of *.pipedrive.com', async () => {
    const { oauth, tokenAnswer, pipedrive } = await startServers();
    tokenAnswer.api_domain = pipedrive.url;
    const { h, appId, check } = await appOf(example, oauth);
    expect(check.hosts).toEqual(['https://*.pipedrive.com', 'https://oauth.pipedrive.com']);
    const visit = await signIn(h, appId);
    expect(visit.page).toContain('is not one of the hosts the connector declares (*.pipedrive.com)');
    expect(pipedrive.stats.requests).toBe(0);
  }, 120_000);
});
