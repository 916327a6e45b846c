import { describe, expect, it } from 'vitest';
import type { App } from '../../contract/apps.ts';
import { createConnectorCatalog } from '../../connectors/connector-catalog.ts';
import type { HttpRequest, HttpSend } from '../../connectors/http/http-port.ts';
import { createNodeHttpClient } from '../../connectors/http/node-http-client.ts';
import { checkManifest, parseManifest } from '../../connectors/manifest/manifest-schema.ts';
import type { OAuthEmulator } from '../../demo/emulators/oauth-emulator.ts';
import { SyncError } from '../../reliability/error-classes.ts';
import {
  account,
  hasKeyring,
  inventoryApp,
  movableClock,
  oauthConnectorFactory,
  oauthTestBed,
  visitInBrowser,
} from '../../testing/oauth-test-kit.ts';
import { createOAuthConnect, type OAuthOutcome } from './oauth-connect.ts';
import { parseTokenBundle } from './token-bundle.ts';

// The OAuth 2.0 variants a manifest can describe, each against the emulator over real
// HTTP with the real keychain: the client-credentials grant, client authentication by
// Basic header or in the body, JSON token requests, sign-in addresses built from
// settings, the provider's own token header, and values kept from the sign-in.

const { secrets, startEmulator } = oauthTestBed();
const clientId = 'patchbay-server';
const clientSecret = 'cs_0123456789abcdef';

/**
 * A Shopify-like app: client credentials, Basic client auth, a JSON token request, its
 * own token header, and a token address built from the tenant setting (on `login`).
 */
const machinePresetAt = (tokenUrl: string) =>
  parseManifest({
    id: 'machine-demo',
    name: 'Machine demo',
    baseUrl: 'https://api.example.com',
    settings: [{ name: 'tenant', label: 'Tenant', required: true }],
    auth: {
      type: 'oauth2',
      grant: 'client_credentials',
      tokenUrl,
      scopes: ['contacts.read'],
      clientAuth: 'basic',
      tokenRequest: 'json',
      tokenHeader: { name: 'X-Shop-Access-Token', prefix: '' },
    },
    check: { path: '/api/me' },
    entities: {
      contacts: { list: { path: '/api/contacts', recordsPath: 'results', pagination: { type: 'none' } } },
    },
  });
const machinePreset = machinePresetAt('https://login.example.com/tenants/{{config.tenant}}/token');

/** A QuickBooks-like app: browser sign-in by a confidential client, values kept from the sign-in. */
const companyPreset = parseManifest({
  id: 'company-demo',
  name: 'Company demo',
  baseUrl: 'https://api.example.com',
  auth: {
    type: 'oauth2',
    authorizeUrl: 'https://login.example.com/authorize',
    tokenUrl: 'https://login.example.com/token',
    scopes: ['contacts.read'],
    clientAuth: 'body',
    capture: [
      { name: 'realmId', label: 'Company id', from: 'redirect', path: 'realmId' },
      { name: 'apiDomain', from: 'token', path: 'api_domain' },
    ],
  },
  check: { path: '/api/companies/{{config.realmId}}/me' },
  entities: {
    contacts: { list: { path: '/api/contacts', recordsPath: 'results', pagination: { type: 'none' } } },
  },
});

function factoryFor(
  emulator: OAuthEmulator,
  machine = machinePresetAt(`${emulator.url}/tenants/{{config.tenant}}/token`),
  clock = movableClock(),
) {
  const requests: HttpRequest[] = [];
  const httpSend = createNodeHttpClient().send;
  const send: HttpSend = (request, signal) => {
    requests.push(request);
    return httpSend(request, signal);
  };
  const factory = oauthConnectorFactory([machine, companyPreset], { secrets, send, clock });
  return { factory, requests, clock };
}

/** The company app at the emulator (`signIn` saves its client secret first, as a person would). */
function companyApp(emulator: OAuthEmulator): App {
  return inventoryApp(companyPreset.id, {
    baseUrl: emulator.url,
    clientId,
    authorizeUrl: emulator.authorizeUrl,
    tokenUrl: emulator.tokenUrl,
  });
}

/** "Connect" through the browser; answers the outcome once the sign-in ran to its end. */
async function signIn(app: App, save: (values: Record<string, string>) => void): Promise<OAuthOutcome> {
  await secrets.set(account, clientSecret);
  let finished: (outcome: OAuthOutcome) => void = () => undefined;
  const done = new Promise<OAuthOutcome>((resolve) => (finished = resolve));
  const connect = createOAuthConnect({
    findApp: () => app,
    catalog: createConnectorCatalog({ builtIn: [{ manifest: companyPreset, source: 'this test' }] }),
    secrets,
    workspaceName: 'acme',
    send: createNodeHttpClient().send,
    clock: movableClock(),
    saveConnectionValues: (_, values) => save(values),
    finished,
  });
  await visitInBrowser((await connect.start(app.id)).authorizeUrl);
  return done;
}

describe('OAuth variants in a manifest', () => {
  it('refuses what does not hang together, naming the field', () => {
    const base = { id: 'x', name: 'X', baseUrl: 'https://api.example.com', entities: { a: {} } };
    const issues = (auth: unknown) => {
      const result = checkManifest({ ...base, auth });
      return 'issues' in result ? result.issues.map((i) => i.path) : [];
    };
    expect(issues({ type: 'oauth2', tokenUrl: 'https://l.example.com/t' })).toEqual(['auth.authorizeUrl']);
    expect(
      issues({ type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://l.example.com/t' }),
    ).toEqual(['auth.clientAuth']);
    expect(
      issues({
        type: 'oauth2',
        grant: 'client_credentials',
        clientAuth: 'basic',
        tokenUrl: 'https://{{config.d}}',
      }),
    ).toContain('auth.tokenUrl');
    expect(
      issues({
        type: 'oauth2',
        authorizeUrl: 'https://l.example.com/a',
        tokenUrl: 'https://{{config.tenant}}.example.com/t',
      }),
    ).toEqual(['auth']);
  });
});

describe.skipIf(!hasKeyring)('OAuth variants against the emulator', () => {
  it('client credentials: Basic client auth, a JSON token request to a templated address, the provider’s own token header', async () => {
    const emulator = await startEmulator({
      confidentialClients: { [clientId]: clientSecret },
      clientAuth: 'basic',
      tokenRequestFormat: 'json',
      tokenHeader: { name: 'x-shop-access-token', prefix: '' },
      accessTokenTtlSeconds: 3600,
    });
    const { factory, requests, clock } = factoryFor(emulator);
    // The person saves the client secret as the app's credential; no browser sign-in.
    await secrets.set(account, clientSecret);
    // No token address among the settings: the manifest's, built from the tenant.
    const app: App = inventoryApp(machinePreset.id, { baseUrl: emulator.url, clientId, tenant: 'acme' });
    const connector = factory.forApp(app);
    await expect(connector.check()).resolves.toBeUndefined();
    expect(emulator.tokenRequests.client_credentials).toBe(1);
    expect(emulator.tenantsSeen).toEqual(['acme']);
    const tokenCall = requests.find((r) => r.url.includes('/token'))!;
    expect(tokenCall.headers.authorization).toBe(`Basic ${btoa(`${clientId}:${clientSecret}`)}`);
    expect(JSON.parse(tokenCall.body!)).toEqual({ grant_type: 'client_credentials', scope: 'contacts.read' });
    const apiCall = requests.find((r) => r.url.endsWith('/api/me'))!;
    expect(apiCall.headers.authorization).toBeUndefined();
    expect(apiCall.headers['x-shop-access-token']).toMatch(/^at_/);
    // The token and the secret it was bought with stay together in the keychain.
    const stored = parseTokenBundle((await secrets.get(account))!, 'Machine demo');
    expect(stored).toMatchObject({ clientSecret, accessToken: apiCall.headers['x-shop-access-token'] });
    expect(stored.refreshToken).toBeUndefined();

    // Near expiry, the client secret buys a new token (there is no refresh token in this grant).
    clock.advance(3600_000);
    await connector.check();
    expect(emulator.tokenRequests.client_credentials).toBe(2);
    // A 401 (the token was revoked) costs exactly one new token and one retry.
    emulator.expireAccessTokens();
    await connector.check();
    expect(emulator.tokenRequests.client_credentials).toBe(3);
  });

  it('a wrong client secret stops the run with plain words, and the secret is in no message', async () => {
    const emulator = await startEmulator({
      confidentialClients: { [clientId]: clientSecret },
      clientAuth: 'basic',
      tokenRequestFormat: 'json',
    });
    const { factory } = factoryFor(emulator);
    await secrets.set(account, 'cs_wrong_secret_value');
    const connector = factory.forApp(
      inventoryApp(machinePreset.id, { baseUrl: emulator.url, clientId, tenant: 'acme' }),
    );
    const error = (await connector.check().catch((e: unknown) => e)) as SyncError;
    expect(error).toBeInstanceOf(SyncError);
    expect(error.errorClass).toBe('auth');
    expect(JSON.stringify(error)).not.toContain('cs_wrong_secret_value');
  });

  it('a tenant that is not one plain name sends nothing, not even the client secret', async () => {
    const emulator = await startEmulator({ confidentialClients: { [clientId]: clientSecret } });
    // The tenant names the token server's host: a value that is not one plain name would move it elsewhere.
    const { factory, requests } = factoryFor(
      emulator,
      machinePresetAt('https://{{config.tenant}}.login.example.com/token'),
    );
    await secrets.set(account, clientSecret);
    const connector = factory.forApp(
      inventoryApp(machinePreset.id, { baseUrl: emulator.url, clientId, tenant: 'evil.example.net/x' }),
    );
    const error = (await connector.check().catch((e: unknown) => e)) as SyncError;
    expect(error).toMatchObject({ errorClass: 'auth' });
    expect(error.message).toContain('"tenant" setting cannot be part of a web address');
    expect(requests).toEqual([]);
    expect(emulator.stats.requests).toBe(0);
  });

  it('authorization code by a confidential client: secret in the body, realmId from the redirect and api_domain from the token kept with the app', async () => {
    const emulator = await startEmulator({
      confidentialClients: { [clientId]: clientSecret },
      clientAuth: 'body',
      redirectExtras: { realmId: '9130357' },
      tokenAnswerExtras: { api_domain: 'https://acme.example.com' },
    });
    let app = companyApp(emulator);
    const outcome = await signIn(app, (values) => {
      app = { ...app, connector: { ...app.connector!, config: { ...app.connector!.config, ...values } } };
    });
    expect(outcome).toMatchObject({ ok: true });
    // Not secret: kept with the app's settings. The tokens stay in the keychain only.
    expect(app.connector!.config).toMatchObject({
      realmId: '9130357',
      apiDomain: 'https://acme.example.com',
    });
    expect(JSON.stringify(app)).not.toContain('at_');
    expect(parseTokenBundle((await secrets.get(account))!, 'Company demo')).toMatchObject({ clientSecret });

    // The captured company id is read like a setting: the check's path is built from it.
    const { factory, requests } = factoryFor(emulator);
    await factory.forApp(app).check();
    expect(requests.map((r) => new URL(r.url).pathname)).toContain('/api/companies/9130357/me');
  });

  it('a sign-in whose redirect lacks the value to keep is refused, and nothing is saved', async () => {
    const emulator = await startEmulator({ confidentialClients: { [clientId]: clientSecret } });
    const outcome = await signIn(companyApp(emulator), () => {
      throw new Error('nothing should be saved');
    });
    expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining('"realmId"') });
    expect(await secrets.get(account)).toBe(clientSecret);
  });
});
