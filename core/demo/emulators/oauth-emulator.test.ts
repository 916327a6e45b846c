import { describe, expect, it } from 'vitest';
import { codeChallengeS256, createCodeVerifier } from '../../secrets/oauth/pkce.ts';
import { emulatorPerTest, jsonAnswer } from '../../testing/emulator-test-kit.ts';
import { startOAuthEmulator, type OAuthEmulator } from './oauth-emulator.ts';

const emulator = emulatorPerTest(startOAuthEmulator);
const redirectUri = 'http://127.0.0.1:49152/callback';

function consent(
  server: OAuthEmulator,
  params: Record<string, string> = {},
  verifier = createCodeVerifier(),
) {
  const url = new URL(server.authorizeUrl);
  const all = {
    response_type: 'code',
    client_id: server.clientId,
    redirect_uri: redirectUri,
    scope: 'contacts.read',
    state: 'st-1',
    code_challenge: codeChallengeS256(verifier),
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
  return fetch(url, { redirect: 'manual' });
}

async function redirected(response: Response) {
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!).searchParams;
}

function token(server: OAuthEmulator, form: Record<string, string>) {
  return fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: server.clientId, ...form }),
  }).then(jsonAnswer);
}

async function codeFor(server: OAuthEmulator, verifier: string) {
  return (await redirected(await consent(server, {}, verifier))).get('code')!;
}

/** Consent and code exchange in one go: the tokens a client holds after signing in. */
async function signedIn(server: OAuthEmulator) {
  const verifier = createCodeVerifier();
  const code = await codeFor(server, verifier);
  return token(server, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
}

function me(server: OAuthEmulator, accessToken: string) {
  return fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
}

describe('the OAuth 2.0 emulator', () => {
  it('approves, exchanges a code with its PKCE verifier once, and serves the API', async () => {
    const server = await emulator.start();
    const verifier = createCodeVerifier(64);
    const back = await redirected(await consent(server, {}, verifier));
    expect(back.get('state')).toBe('st-1');
    const code = back.get('code')!;

    const wrongVerifier = await token(server, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: createCodeVerifier(64),
    });
    expect(wrongVerifier.status).toBe(400);
    expect(wrongVerifier.body.error).toBe('invalid_grant');

    const verifier2 = createCodeVerifier();
    const code2 = await codeFor(server, verifier2);
    const exchange = {
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: redirectUri,
      code_verifier: verifier2,
    };
    const issued = await token(server, exchange);
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: 'contacts.read' });
    expect((await me(server, issued.body.access_token)).status).toBe(200);

    // A code used twice is refused, and what it gave is revoked (RFC 6749 §4.1.2).
    expect((await token(server, exchange)).body.error).toBe('invalid_grant');
    expect((await me(server, issued.body.access_token)).status).toBe(401);
  });

  it('rotates refresh tokens and refuses the replaced one', async () => {
    const server = await emulator.start();
    const first = await signedIn(server);
    const refresh = (refreshToken: string) =>
      token(server, { grant_type: 'refresh_token', refresh_token: refreshToken });
    const refreshed = await refresh(first.body.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    const replayed = await refresh(first.body.refresh_token);
    expect(replayed.body).toMatchObject({ error: 'invalid_grant' });

    server.expireRefreshTokens();
    const expired = await refresh(refreshed.body.refresh_token);
    expect(expired.status).toBe(400);
    expect(expired.body.error).toBe('invalid_grant');
    expect(server.tokenRequests).toEqual({ authorization_code: 1, refresh_token: 3, client_credentials: 0 });
  });

  it('answers expired, revoked and missing access tokens with Bearer challenges (RFC 6750 §3)', async () => {
    const server = await emulator.start();
    const issued = await signedIn(server);
    const missing = await fetch(`${server.url}/api/me`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="emulator"');

    server.expireAccessTokens();
    const expired = await me(server, issued.body.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('Bearer error="invalid_token"');

    const refreshed = await token(server, {
      grant_type: 'refresh_token',
      refresh_token: issued.body.refresh_token,
    });
    expect((await me(server, refreshed.body.access_token)).status).toBe(200);
    server.revokeGrants();
    expect((await me(server, refreshed.body.access_token)).status).toBe(401);
    const afterRevoke = await token(server, {
      grant_type: 'refresh_token',
      refresh_token: refreshed.body.refresh_token,
    });
    expect(afterRevoke.body.error).toBe('invalid_grant');
  });

  it('checks the consent request: client, loopback redirect, S256, scope, and the user saying no', async () => {
    const server = await emulator.start();
    // Without a known client or a loopback redirect it must not redirect at all (RFC 6749 §4.1.2.1).
    const unknownClient = await consent(server, { client_id: 'someone-else' });
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.headers.get('location')).toBeNull();
    for (const uri of ['https://evil.example/callback', 'http://localhost:5000/callback']) {
      const refused = await consent(server, { redirect_uri: uri });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('location')).toBeNull();
    }
    expect((await redirected(await consent(server, { code_challenge_method: 'plain' }))).get('error')).toBe(
      'invalid_request',
    );
    expect((await redirected(await consent(server, { scope: 'admin' }))).get('error')).toBe('invalid_scope');

    server.denyNextConsent();
    const denied = await redirected(await consent(server));
    expect(denied.get('error')).toBe('access_denied');
    expect(denied.get('state')).toBe('st-1');
    expect(denied.get('code')).toBeNull();
    expect((await redirected(await consent(server))).get('code')).toMatch(/^code_/);
  });

  it('refuses unknown clients and JSON bodies at the token endpoint', async () => {
    const server = await emulator.start();
    const unknown = await fetch(server.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=x&client_id=nobody',
    }).then(jsonAnswer);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_client');
    const asJson = await fetch(server.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', client_id: server.clientId }),
    }).then(jsonAnswer);
    expect(asJson.body.error).toBe('invalid_request');
    expect((await token(server, { grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
  });
});
