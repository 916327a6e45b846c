import { describe, expect, it } from 'vitest';
import { OAuthError } from './oauth-error.ts';
import {
  account,
  appName,
  authorize,
  callMe,
  connect,
  hasKeyring,
  movableClock,
  oauthTestBed,
  visitInBrowser,
} from '../../testing/oauth-test-kit.ts';
import { parseTokenBundle } from './token-bundle.ts';

const { secrets, startEmulator } = oauthTestBed();

describe.skipIf(!hasKeyring)('connecting an app with OAuth 2.0 + PKCE (RFC 8252)', () => {
  it('signs in through the browser and keeps the tokens only in the keychain', async () => {
    const emulator = await startEmulator();
    const clock = movableClock();
    const authorization = await authorize(emulator, secrets, clock);

    const consent = new URL(authorization.authorizeUrl);
    expect(consent.origin + consent.pathname).toBe(emulator.authorizeUrl);
    expect(Object.fromEntries(consent.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: emulator.clientId,
      scope: 'contacts.read offline_access',
      code_challenge_method: 'S256',
    });
    expect(consent.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(consent.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const visit = await visitInBrowser(authorization.authorizeUrl);
    const bundle = await authorization.tokens;
    expect(visit.status).toBe(200);
    expect(visit.page).toContain(`Patchbay is connected to ${appName}. You can close this tab.`);

    expect(bundle).toMatchObject({
      type: 'oauth2',
      tokenType: 'Bearer',
      scope: 'contacts.read offline_access',
    });
    expect(bundle.expiresAt).toBe(new Date(clock.now().getTime() + 1800_000).toISOString());
    expect(bundle.refreshToken).toMatch(/^rt_/);
    expect(parseTokenBundle((await secrets.get(account))!, appName)).toEqual(bundle);
    expect(await secrets.list()).toEqual([account]);
    // The tokens went nowhere else the client controls: not the consent URL, not the browser page.
    for (const text of [authorization.authorizeUrl, visit.page, visit.location!]) {
      expect(text).not.toContain(bundle.accessToken);
      expect(text).not.toContain(bundle.refreshToken!);
    }
    expect((await callMe(emulator, bundle.accessToken)).status).toBe(200);
    expect(emulator.tokenRequests.authorization_code).toBe(1);
  });

  it('refuses a redirect with the wrong state and stores nothing', async () => {
    const emulator = await startEmulator();
    const before = (await connect(emulator, secrets, movableClock())).bundle;
    const authorization = await authorize(emulator, secrets, movableClock());
    const visit = await visitInBrowser(authorization.authorizeUrl, (redirect) => {
      redirect.searchParams.set('state', 'forged-by-another-site');
      return redirect;
    });
    const message = `This sign-in answer does not belong to the connection Patchbay started for ${appName}, so it was refused and nothing was saved. Connect ${appName} again.`;
    await expect(authorization.tokens).rejects.toThrow(message);
    expect(visit.status).toBe(400);
    expect(visit.page).toContain('This sign-in answer does not belong to the connection Patchbay started');
    // The code was never exchanged.
    expect(emulator.tokenRequests.authorization_code).toBe(1);
    expect(parseTokenBundle((await secrets.get(account))!, appName)).toEqual(before);
  });

  it('says so when a sign-in code is used twice, and changes nothing stored', async () => {
    const emulator = await startEmulator();
    const first = await connect(emulator, secrets, movableClock());
    const stored = await secrets.get(account);
    const usedCode = new URL(first.visit.location!).searchParams.get('code')!;

    const second = await authorize(emulator, secrets, movableClock());
    const visit = await visitInBrowser(second.authorizeUrl, (redirect) => {
      redirect.searchParams.set('code', usedCode);
      return redirect;
    });
    const error = await second.tokens.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).code).toBe('invalid_grant');
    expect((error as OAuthError).message).toBe(
      `${appName} did not accept the sign-in code: it was already used or has expired. Nothing was saved. Connect ${appName} again.`,
    );
    expect(visit.page).toContain('it was already used or has expired');
    expect(visit.page).not.toContain(usedCode);
    expect(await secrets.get(account)).toBe(stored);
  });

  it('says so when the user denies consent, and changes nothing stored', async () => {
    const emulator = await startEmulator();
    await connect(emulator, secrets, movableClock());
    const stored = await secrets.get(account);
    emulator.denyNextConsent();
    const authorization = await authorize(emulator, secrets, movableClock());
    const visit = await visitInBrowser(authorization.authorizeUrl);
    const message = `You did not allow Patchbay to use ${appName}, so nothing was connected. To connect ${appName}, start again and choose to allow access.`;
    await expect(authorization.tokens).rejects.toThrow(message);
    expect(new URL(visit.location!).searchParams.get('error')).toBe('access_denied');
    expect(visit.page).toContain('You did not allow Patchbay to use');
    expect(emulator.tokenRequests.authorization_code).toBe(1);
    expect(await secrets.get(account)).toBe(stored);
  });

  it('says when the token endpoint fails, and changes nothing stored', async () => {
    const emulator = await startEmulator();
    await connect(emulator, secrets, movableClock());
    const stored = await secrets.get(account);
    const authorization = await authorize(emulator, secrets, movableClock());
    emulator.faults.set({ server5xx: { next: 1, status: 503, writesOnly: true } });
    const visit = await visitInBrowser(authorization.authorizeUrl);
    const error = await authorization.tokens.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'OAuthError', failure: 'unavailable' });
    expect((error as Error).message).toBe(
      `${appName}'s sign-in server did not answer properly (HTTP 503). Nothing was changed. Try again in a few minutes.`,
    );
    expect(visit.page).toContain('did not answer properly (HTTP 503)');
    expect(await secrets.get(account)).toBe(stored);
  });

  it('stops waiting when cancelled, with nothing stored', async () => {
    const emulator = await startEmulator();
    await secrets.delete(account);
    const authorization = await authorize(emulator, secrets, movableClock());
    await authorization.cancel(new Error('Replaced by a newer attempt.'));
    await expect(authorization.tokens).rejects.toThrow('Replaced by a newer attempt.');
    await expect(visitInBrowser(authorization.authorizeUrl)).rejects.toThrow();
    expect(await secrets.get(account)).toBeUndefined();
  });

  it('round-trips a 4 KB token bundle through the keychain', async () => {
    const emulator = await startEmulator({ accessTokenBytes: 3000 });
    const { bundle } = await connect(emulator, secrets, movableClock());
    const stored = (await secrets.get(account))!;
    expect(stored.length).toBeGreaterThan(4096);
    expect(parseTokenBundle(stored, appName)).toEqual(bundle);
    expect((await callMe(emulator, bundle.accessToken)).status).toBe(200);
  });
});
