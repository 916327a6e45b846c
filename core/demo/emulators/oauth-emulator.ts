// An OAuth 2.0 authorization server on 127.0.0.1, after the specs a real provider follows:
// RFC 6749 (code grant §4.1, refresh §6, errors §5.2), RFC 7636 (PKCE, S256 only),
// RFC 8252 §7.3 (loopback redirect URIs, any port), RFC 6750 §3 (Bearer 401 challenges),
// and OAuth 2.0 Security BCP (RFC 9700) §4.14 (refresh token rotation).
import { createHash, randomBytes } from 'node:crypto';
import {
  startEmulatorServer,
  type EmulatorAnswer,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.ts';

export interface OAuthEmulatorOptions {
  port?: number;
  /** Registered public clients (default `patchbay-desktop`). */
  clientIds?: string[];
  /** Scopes a client may ask for. */
  scopes?: string[];
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** A new refresh token with every refresh, the old one dead (default on). */
  rotateRefreshTokens?: boolean;
  /** Random bytes per access token; large values mimic providers that issue big JWTs. */
  accessTokenBytes?: number;
}

export interface OAuthEmulator extends RunningEmulator {
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  /** Token endpoint calls by grant type, to see how often a client refreshed. */
  tokenRequests: { authorization_code: number; refresh_token: number };
  /** The next consent is refused (`error=access_denied`), as when the user clicks "Deny". */
  denyNextConsent(): void;
  /** Every access token issued so far is now expired. */
  expireAccessTokens(): void;
  /** Every live refresh token is now expired (as after 60 idle days at Xero). */
  expireRefreshTokens(): void;
  /** The user disconnected the app in the provider's settings: every grant is revoked. */
  revokeGrants(): void;
  /** What a resource server learns of an access token (another emulator's API checks its Bearer tokens here). */
  accessTokenState(token: string): 'valid' | 'expired' | 'unknown';
}

interface Grant {
  clientId: string;
  scope: string;
  revoked: boolean;
}
interface PendingCode {
  grant: Grant;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
  used: boolean;
}
interface IssuedToken {
  grant: Grant;
  expiresAt: number;
  /** A rotated-away refresh token stays known, so its reuse is told apart from garbage. */
  replaced?: boolean;
}

const codeTtlMs = 10 * 60_000;

export async function startOAuthEmulator(options: OAuthEmulatorOptions = {}): Promise<OAuthEmulator> {
  const clientIds = options.clientIds ?? ['patchbay-desktop'];
  const allowedScopes = new Set(options.scopes ?? ['contacts.read', 'contacts.write', 'offline_access']);
  const accessTtlMs = (options.accessTokenTtlSeconds ?? 1800) * 1000;
  const refreshTtlMs = (options.refreshTokenTtlSeconds ?? 60 * 86_400) * 1000;
  const rotate = options.rotateRefreshTokens ?? true;
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, IssuedToken>();
  const refreshTokens = new Map<string, IssuedToken>();
  const tokenRequests = { authorization_code: 0, refresh_token: 0 };
  let denyNext = false;

  const token = (prefix: string, bytes = 24) => `${prefix}_${randomBytes(bytes).toString('base64url')}`;

  function authorize(query: URLSearchParams): EmulatorAnswer {
    const clientId = query.get('client_id') ?? '';
    const redirectUri = query.get('redirect_uri') ?? '';
    // §4.1.2.1: with a bad client or redirect URI the server must not redirect anywhere.
    if (!clientIds.includes(clientId)) return oauthError(400, 'invalid_client', 'Unknown client_id.');
    if (!isLoopbackRedirect(redirectUri))
      return oauthError(
        400,
        'invalid_request',
        'redirect_uri must be http://127.0.0.1:<port>/… or http://[::1]:<port>/….',
      );
    const back = (params: Record<string, string>) => {
      const url = new URL(redirectUri);
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      const state = query.get('state');
      if (state !== null) url.searchParams.set('state', state);
      return {
        status: 302,
        body: undefined,
        headers: { location: url.toString(), 'cache-control': 'no-store' },
      };
    };
    if (query.get('response_type') !== 'code')
      return back({ error: 'unsupported_response_type', error_description: 'Only response_type=code.' });
    const challenge = query.get('code_challenge') ?? '';
    if (query.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return back({
        error: 'invalid_request',
        error_description: 'PKCE with code_challenge_method=S256 is required.',
      });
    const scope = query.get('scope') ?? '';
    if (scope.split(' ').some((s) => s !== '' && !allowedScopes.has(s)))
      return back({ error: 'invalid_scope', error_description: 'A requested scope is not offered.' });
    if (denyNext) {
      denyNext = false;
      return back({ error: 'access_denied', error_description: 'The user refused access.' });
    }
    const code = token('code');
    codes.set(code, {
      grant: { clientId, scope, revoked: false },
      redirectUri,
      challenge,
      expiresAt: Date.now() + codeTtlMs,
      used: false,
    });
    return back({ code });
  }

  function issue(grant: Grant, refreshToken?: string): EmulatorAnswer {
    const accessToken = token('at', options.accessTokenBytes);
    accessTokens.set(accessToken, { grant, expiresAt: Date.now() + accessTtlMs });
    let newRefresh: string | undefined;
    if (refreshToken === undefined || rotate) {
      newRefresh = token('rt');
      refreshTokens.set(newRefresh, { grant, expiresAt: Date.now() + refreshTtlMs });
      if (refreshToken !== undefined) refreshTokens.get(refreshToken)!.replaced = true;
    }
    return {
      status: 200,
      // §5.1: token answers must not be cached.
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: Math.round(accessTtlMs / 1000),
        ...(newRefresh ? { refresh_token: newRefresh } : {}),
        scope: grant.scope,
      },
      wrote: true,
    };
  }

  function exchangeCode(form: URLSearchParams, clientId: string): EmulatorAnswer {
    tokenRequests.authorization_code++;
    const pending = codes.get(form.get('code') ?? '');
    if (!pending || pending.expiresAt < Date.now())
      return oauthError(400, 'invalid_grant', 'The authorization code is invalid or expired.');
    if (pending.used) {
      // §4.1.2: a code used twice revokes what it already gave.
      pending.grant.revoked = true;
      return oauthError(400, 'invalid_grant', 'The authorization code was already used.');
    }
    pending.used = true;
    if (pending.grant.clientId !== clientId)
      return oauthError(400, 'invalid_grant', 'The code was issued to another client.');
    if (form.get('redirect_uri') !== pending.redirectUri)
      return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
    const verifier = form.get('code_verifier') ?? '';
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || s256(verifier) !== pending.challenge)
      return oauthError(400, 'invalid_grant', 'The PKCE code_verifier does not match the code_challenge.');
    return issue(pending.grant);
  }

  function refresh(form: URLSearchParams, clientId: string): EmulatorAnswer {
    tokenRequests.refresh_token++;
    const presented = form.get('refresh_token') ?? '';
    const known = refreshTokens.get(presented);
    if (!known || known.replaced || known.grant.revoked || known.expiresAt < Date.now())
      return oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
    if (known.grant.clientId !== clientId)
      return oauthError(400, 'invalid_grant', 'The refresh token was issued to another client.');
    return issue(known.grant, presented);
  }

  function tokenEndpoint(request: EmulatorRequest): EmulatorAnswer {
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      return oauthError(400, 'invalid_request', 'The token request must be form-encoded.');
    const form = new URLSearchParams(request.bodyText);
    const clientId = form.get('client_id') ?? '';
    if (!clientIds.includes(clientId)) return oauthError(401, 'invalid_client', 'Unknown client_id.');
    switch (form.get('grant_type')) {
      case 'authorization_code':
        return exchangeCode(form, clientId);
      case 'refresh_token':
        return refresh(form, clientId);
      default:
        return oauthError(400, 'unsupported_grant_type', 'Use authorization_code or refresh_token.');
    }
  }

  function accessTokenState(presented: string): 'valid' | 'expired' | 'unknown' {
    const known = accessTokens.get(presented);
    if (!known || known.grant.revoked) return 'unknown';
    // `<=`: a lifetime of 0 s gives tokens that are dead on arrival (a provider with a skewed clock).
    return known.expiresAt <= Date.now() ? 'expired' : 'valid';
  }

  function protectedResource(request: EmulatorRequest): EmulatorAnswer {
    const presented = /^Bearer (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    if (presented === undefined)
      return {
        status: 401,
        body: { message: 'Sign in first.' },
        headers: { 'www-authenticate': 'Bearer realm="emulator"' },
      };
    const state = accessTokenState(presented);
    if (state === 'unknown') return invalidToken('The access token is not valid.');
    if (state === 'expired') return invalidToken('The access token expired.');
    const known = accessTokens.get(presented)!;
    if (request.path === '/api/me')
      return { status: 200, body: { id: 'user_1', name: 'Demo Owner', scope: known.grant.scope } };
    return {
      status: 200,
      body: {
        results: [
          { id: 'c1', name: 'Ada Lovelace', email: 'ada@example.com' },
          { id: 'c2', name: 'Grace Hopper', email: 'grace@example.com' },
        ],
      },
    };
  }

  const running = await startEmulatorServer(
    {
      rateLimited: (retryAfterMs) => ({
        status: 429,
        body: { error: 'rate_limited' },
        headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
      }),
      serverError: (status) => ({ status, body: { error: 'server_error' } }),
      expiredToken: () => invalidToken('The access token expired.'),
      handle(request) {
        if (request.method === 'GET' && request.path === '/authorize') return authorize(request.query);
        if (request.method === 'POST' && request.path === '/token') return tokenEndpoint(request);
        if (request.method === 'GET' && (request.path === '/api/me' || request.path === '/api/contacts'))
          return protectedResource(request);
        return { status: 404, body: { message: 'Not found.' } };
      },
    },
    { ...(options.port === undefined ? {} : { port: options.port }) },
  );

  return {
    ...running,
    authorizeUrl: `${running.url}/authorize`,
    tokenUrl: `${running.url}/token`,
    clientId: clientIds[0]!,
    tokenRequests,
    denyNextConsent: () => {
      denyNext = true;
    },
    expireAccessTokens: () => {
      for (const issued of accessTokens.values()) issued.expiresAt = 0;
    },
    expireRefreshTokens: () => {
      for (const issued of refreshTokens.values()) issued.expiresAt = 0;
    },
    accessTokenState,
    revokeGrants: () => {
      for (const issued of [...accessTokens.values(), ...refreshTokens.values()]) issued.grant.revoked = true;
    },
  };
}

function oauthError(status: number, error: string, description: string): EmulatorAnswer {
  return {
    status,
    body: { error, error_description: description },
    headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
  };
}

function invalidToken(description: string): EmulatorAnswer {
  return {
    status: 401,
    body: { error: 'invalid_token', error_description: description },
    headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` },
  };
}

function isLoopbackRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]');
  } catch {
    return false;
  }
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
