import { describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../connectors/http/node-http-client.ts';
import type { HttpSend } from '../../connectors/http/http-port.ts';
import type { OAuthEmulator } from '../../demo/emulators/oauth-emulator.ts';
import { SyncError } from '../../reliability/error-classes.ts';
import {
  appOnEmulator as appOn,
  connect,
  hasKeyring,
  movableClock,
  oauthConnectorFactory,
  oauthPreset,
  oauthTestBed,
} from '../../testing/oauth-test-kit.ts';

// The connector factory with an OAuth preset, against the emulator: the connector's
// secret is a fresh access token, and a 401 costs exactly one refresh and one retry.

const { secrets, startEmulator } = oauthTestBed();

async function setUp(emulator: OAuthEmulator) {
  const clock = movableClock();
  // The factory's account for this app is `<workspace>/<app id>`, the same one `connect` fills.
  const { bundle } = await connect(emulator, secrets, clock);
  const httpSend = createNodeHttpClient().send;
  const apiCalls: string[] = [];
  const send: HttpSend = (request, signal) => {
    apiCalls.push(`${new URL(request.url).pathname} ${request.headers.authorization?.slice(0, 10) ?? ''}`);
    return httpSend(request, signal);
  };
  const factory = oauthConnectorFactory([oauthPreset], { secrets, send, clock });
  return { clock, bundle, apiCalls, factory };
}

async function authErrorFrom(attempt: Promise<unknown>): Promise<SyncError> {
  const error = await attempt.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SyncError);
  expect((error as SyncError).errorClass).toBe('auth');
  return error as SyncError;
}

describe.skipIf(!hasKeyring)('connectors for apps that sign in with OAuth 2.0', () => {
  it('sends the stored access token, and a fresh one once it nears expiry', async () => {
    const emulator = await startEmulator();
    const { clock, factory, bundle } = await setUp(emulator);
    const connector = factory.forApp(appOn(emulator));
    await connector.check();
    expect(emulator.tokenRequests.refresh_token).toBe(0);

    clock.advance(1800_000 - 30_000);
    emulator.expireAccessTokens(); // the old token would now be refused
    const page = await connector.readPage('contacts', '', undefined);
    expect(page.records.map((r) => r.id)).toEqual(['c1', 'c2']);
    expect(emulator.tokenRequests.refresh_token).toBe(1);
    const stored = JSON.parse((await secrets.get('acme/xero-demo'))!) as { accessToken: string };
    expect(stored.accessToken).not.toBe(bundle.accessToken);
  });

  it('answers a 401 with exactly one refresh and one retry', async () => {
    const emulator = await startEmulator();
    const { factory, apiCalls } = await setUp(emulator);
    emulator.expireAccessTokens();
    const page = await factory.forApp(appOn(emulator)).readPage('contacts', '', undefined);
    expect(page.records).toHaveLength(2);
    expect(emulator.tokenRequests.refresh_token).toBe(1);
    expect(apiCalls.filter((call) => call.startsWith('/api/contacts'))).toHaveLength(2);
    expect(apiCalls.filter((call) => call.startsWith('/token'))).toHaveLength(1);
  });

  it('gives up after that one retry when the app keeps answering 401', async () => {
    // Tokens that are dead on arrival: the refresh works, the retry is refused all the same.
    const emulator = await startEmulator({ accessTokenTtlSeconds: 0 });
    const { factory, apiCalls } = await setUp(emulator);
    await authErrorFrom(factory.forApp(appOn(emulator)).check());
    expect(emulator.tokenRequests.refresh_token).toBe(1);
    expect(apiCalls.filter((call) => call.startsWith('/api/me'))).toHaveLength(2);
  });

  it('stops with "connect again" when the grant was revoked, changing nothing stored', async () => {
    const emulator = await startEmulator();
    const { factory, apiCalls } = await setUp(emulator);
    const stored = await secrets.get('acme/xero-demo');
    emulator.revokeGrants();
    const error = await authErrorFrom(factory.forApp(appOn(emulator)).check());
    expect(error.message).toBe(
      "Xero Demo no longer accepts Patchbay's saved sign-in: it has expired or access was revoked in Xero Demo. Patchbay changed nothing. Connect Xero Demo again.",
    );
    expect(emulator.tokenRequests.refresh_token).toBe(1);
    expect(apiCalls.filter((call) => call.startsWith('/api/me'))).toHaveLength(1);
    expect(await secrets.get('acme/xero-demo')).toBe(stored);
  });

  it('asks for a client id before contacting the app', async () => {
    const emulator = await startEmulator();
    const { factory, apiCalls } = await setUp(emulator);
    const app = appOn(emulator, { clientId: '' });
    await expect(factory.forApp(app).check()).rejects.toThrow(
      'Xero Demo signs in through the browser, and its connection settings need a "clientId"',
    );
    expect(apiCalls).toEqual([]);
  });
});
