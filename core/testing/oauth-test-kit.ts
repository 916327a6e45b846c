import { randomUUID } from 'node:crypto';
import { afterAll } from 'vitest';
import type { App } from '../contract/apps.ts';
import { createNodeHttpClient } from '../connectors/http/node-http-client.ts';
import type { HttpSend } from '../connectors/http/http-port.ts';
import { createConnectorCatalog } from '../connectors/connector-catalog.ts';
import { parseManifest, type Manifest } from '../connectors/manifest/manifest-schema.ts';
import { createConnectorFactory } from '../services/connector-factory.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { emulatorPerTest } from './emulator-test-kit.ts';
import { startOAuthEmulator, type OAuthEmulator } from '../demo/emulators/oauth-emulator.ts';
import { KeytarSecretStore } from '../secrets/keytar-secret-store.ts';
import {
  startAuthorization,
  type Authorization,
  type AuthorizationOptions,
} from '../secrets/oauth/oauth-client.ts';

// Shared by the OAuth tests: the real emulator server, the real keychain under a
// throwaway service name, a clock the test moves, and a "browser" made of fetch calls.

export const hasKeyring = process.platform !== 'linux' || process.env.PATCHBAY_KEYRING_READY === '1';

/** A keychain service of its own, emptied after the file's tests. */
export function testKeychain(): KeytarSecretStore {
  const store = new KeytarSecretStore(`PatchbayTest-${randomUUID()}`);
  afterAll(async () => {
    for (const account of await store.list()) await store.delete(account);
  });
  return store;
}

/** What every OAuth test file uses: its own keychain service, and one emulator per test. */
export function oauthTestBed() {
  return { secrets: testKeychain(), startEmulator: emulatorPerTest(startOAuthEmulator).start };
}

export function movableClock(start = Date.parse('2025-03-01T09:00:00Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

export interface BrowserVisit {
  /** Where the consent page sent the browser (the loopback redirect), if it did. */
  location: string | undefined;
  status: number;
  page: string;
}

/**
 * What the system browser does: open the consent URL (the emulator approves at once),
 * then follow its redirect to the loopback listener. `rewrite` lets a test tamper with
 * the redirect before it is followed.
 */
export async function visitInBrowser(
  authorizeUrl: string,
  rewrite: (redirect: URL) => URL = (redirect) => redirect,
): Promise<BrowserVisit> {
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = consent.headers.get('location') ?? undefined;
  if (consent.status !== 302 || location === undefined)
    return { location, status: consent.status, page: await consent.text() };
  const back = await fetch(rewrite(new URL(location)));
  return { location, status: back.status, page: await back.text() };
}

export const appName = 'Xero Demo';
export const account = 'acme/xero-demo';

/** Starts an authorization against the emulator for the test app. */
export function authorize(
  emulator: OAuthEmulator,
  secrets: KeytarSecretStore,
  clock: { now: () => Date },
  overrides: Partial<AuthorizationOptions> = {},
): Promise<Authorization> {
  return startAuthorization({
    appName,
    authorizeUrl: emulator.authorizeUrl,
    tokenUrl: emulator.tokenUrl,
    clientId: emulator.clientId,
    scopes: ['contacts.read', 'offline_access'],
    account,
    secrets,
    send: createNodeHttpClient().send,
    clock,
    ...overrides,
  });
}

/** Connects the test app all the way: consent, redirect, code exchange, keychain. */
export async function connect(
  emulator: OAuthEmulator,
  secrets: KeytarSecretStore,
  clock: { now: () => Date },
  overrides: Partial<AuthorizationOptions> = {},
) {
  const authorization = await authorize(emulator, secrets, clock, overrides);
  const visit = await visitInBrowser(authorization.authorizeUrl);
  return { visit, bundle: await authorization.tokens };
}

/** The protected resource, as the connector would call it. */
export async function callMe(emulator: OAuthEmulator, accessToken: string | undefined) {
  const response = await fetch(`${emulator.url}/api/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return { status: response.status, challenge: response.headers.get('www-authenticate') };
}

/** A connector preset that signs in with OAuth; apps point it at the emulator through their settings. */
export const oauthPreset = parseManifest({
  id: 'oauth-demo',
  name: 'OAuth demo',
  baseUrl: 'https://api.example.com',
  auth: {
    type: 'oauth2',
    authorizeUrl: 'https://login.example.com/authorize',
    tokenUrl: 'https://login.example.com/token',
    scopes: ['contacts.read', 'offline_access'],
  },
  check: { path: '/api/me' },
  entities: {
    contacts: { list: { path: '/api/contacts', recordsPath: 'results', pagination: { type: 'none' } } },
  },
});

/** The app's settings that send its sign-in and API calls to the emulator. */
export function emulatorSettings(emulator: OAuthEmulator): Record<string, string> {
  return {
    baseUrl: emulator.url,
    authorizeUrl: emulator.authorizeUrl,
    tokenUrl: emulator.tokenUrl,
    clientId: emulator.clientId,
  };
}

/** An inventory app named `appName` (id `xero-demo`, so its keychain account is `account`). */
export function inventoryApp(preset: string, config: Record<string, string>): App {
  return {
    id: 'xero-demo',
    name: appName,
    vendor: '',
    category: 'accounting',
    owner: '',
    criticality: 'medium',
    notes: '',
    entities: [],
    connector: { kind: 'rest', connector: preset, config },
    createdAt: '2025-03-01T09:00:00.000Z',
    updatedAt: '2025-03-01T09:00:00.000Z',
  };
}

/** The test app on the OAuth preset, signing in and calling its API at the emulator. */
export function appOnEmulator(emulator: OAuthEmulator, config: Record<string, string> = {}): App {
  return inventoryApp(oauthPreset.id, { ...emulatorSettings(emulator), ...config });
}

/** The connector factory over these presets, its retries instant (workspace `acme`). */
export function oauthConnectorFactory(
  presets: readonly Manifest[],
  ports: { secrets: SecretStore; send: HttpSend; clock: { now: () => Date } },
) {
  return createConnectorFactory({
    catalog: createConnectorCatalog({
      builtIn: presets.map((manifest) => ({ manifest, source: 'this test' })),
    }),
    ...ports,
    workspaceName: 'acme',
    sleep: async () => undefined,
    random: () => 0.5,
    retry: { maxAttempts: 3, baseMs: 1, capMs: 1, maxWaitMs: 10 },
  });
}
