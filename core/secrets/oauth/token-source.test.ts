import { describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../connectors/http/node-http-client.ts';
import type { OAuthEmulator } from '../../demo/emulators/oauth-emulator.ts';
import {
  account,
  appName,
  callMe,
  connect,
  hasKeyring,
  movableClock,
  oauthTestBed,
} from '../../testing/oauth-test-kit.ts';
import { parseTokenBundle } from './token-bundle.ts';
import { createTokenSource } from './token-source.ts';

const { secrets, startEmulator } = oauthTestBed();

async function connected(emulator: OAuthEmulator) {
  const clock = movableClock();
  const { bundle } = await connect(emulator, secrets, clock);
  const tokens = createTokenSource({
    appName,
    tokenUrl: emulator.tokenUrl,
    clientId: emulator.clientId,
    account,
    secrets,
    send: createNodeHttpClient().send,
    clock,
  });
  return { clock, bundle, tokens };
}

const storedBundle = async () => parseTokenBundle((await secrets.get(account))!, appName);
const reconnect = `Xero Demo no longer accepts Patchbay's saved sign-in: it has expired or access was revoked in Xero Demo. Patchbay changed nothing. Connect Xero Demo again.`;

describe.skipIf(!hasKeyring)('the access token source', () => {
  it('gives the stored access token while it has more than a minute left', async () => {
    const emulator = await startEmulator();
    const { clock, bundle, tokens } = await connected(emulator);
    clock.advance(1800_000 - 61_000);
    expect(await tokens.accessToken()).toBe(bundle.accessToken);
    expect(emulator.tokenRequests.refresh_token).toBe(0);
  });

  it('refreshes before expiry and saves the rotated refresh token', async () => {
    const emulator = await startEmulator();
    const { clock, bundle, tokens } = await connected(emulator);
    clock.advance(1800_000 - 59_000);
    const fresh = await tokens.accessToken();
    expect(fresh).not.toBe(bundle.accessToken);
    expect(emulator.tokenRequests.refresh_token).toBe(1);
    expect((await callMe(emulator, fresh)).status).toBe(200);

    const saved = await storedBundle();
    expect(saved.accessToken).toBe(fresh);
    expect(saved.refreshToken).toMatch(/^rt_/);
    expect(saved.refreshToken).not.toBe(bundle.refreshToken);
    expect(saved.expiresAt).toBe(new Date(clock.now().getTime() + 1800_000).toISOString());
    expect(saved.scope).toBe(bundle.scope);
    // The next refresh works only because the rotated token was saved (the old one is dead).
    clock.advance(1800_000);
    expect(await tokens.accessToken()).not.toBe(fresh);
    expect(emulator.tokenRequests.refresh_token).toBe(2);
  });

  it('keeps the refresh token when the server does not rotate it', async () => {
    const emulator = await startEmulator({ rotateRefreshTokens: false });
    const { clock, bundle, tokens } = await connected(emulator);
    clock.advance(1800_000);
    await tokens.accessToken();
    expect((await storedBundle()).refreshToken).toBe(bundle.refreshToken);
  });

  it('refreshes once after a 401, and not again for a token already replaced', async () => {
    const emulator = await startEmulator();
    const { bundle, tokens } = await connected(emulator);
    emulator.expireAccessTokens();
    const rejected = await callMe(emulator, bundle.accessToken);
    expect(rejected.status).toBe(401);
    expect(rejected.challenge).toContain('error="invalid_token"');

    const [first, second] = await Promise.all([
      tokens.refreshAfter401(bundle.accessToken),
      tokens.refreshAfter401(bundle.accessToken),
    ]);
    expect(first).toBe(second);
    expect(emulator.tokenRequests.refresh_token).toBe(1);
    expect(await tokens.refreshAfter401(bundle.accessToken)).toBe(first);
    expect(emulator.tokenRequests.refresh_token).toBe(1);
    expect((await callMe(emulator, first)).status).toBe(200);
    expect((await storedBundle()).accessToken).toBe(first);
  });

  it('says "connect again" for an expired refresh token, changing nothing stored', async () => {
    const emulator = await startEmulator();
    const { clock, tokens } = await connected(emulator);
    const stored = await secrets.get(account);
    emulator.expireRefreshTokens();
    clock.advance(1800_000);
    await expect(tokens.accessToken()).rejects.toThrow(reconnect);
    expect(await secrets.get(account)).toBe(stored);
  });

  it('says "connect again" for a revoked grant, changing nothing stored', async () => {
    const emulator = await startEmulator();
    const { bundle, tokens } = await connected(emulator);
    const stored = await secrets.get(account);
    emulator.revokeGrants();
    expect((await callMe(emulator, bundle.accessToken)).status).toBe(401);
    const error = await tokens.refreshAfter401(bundle.accessToken).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'OAuthError', failure: 'reconnect', code: 'invalid_grant' });
    expect((error as Error).message).toBe(reconnect);
    expect((error as Error).message).not.toContain(bundle.refreshToken!);
    expect(await secrets.get(account)).toBe(stored);
  });

  it('says "connect again" when the keychain holds something that is not a sign-in', async () => {
    const emulator = await startEmulator();
    const { tokens } = await connected(emulator);
    await secrets.set(account, 'sk_live_pasted_key');
    const error = await tokens.accessToken().catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'The credential saved for Xero Demo is not an OAuth sign-in Patchbay can use. Connect Xero Demo again.',
    );
    expect(await secrets.get(account)).toBe('sk_live_pasted_key');
    await secrets.delete(account);
    expect(await tokens.accessToken()).toBeUndefined();
  });
});
