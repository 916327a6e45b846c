// An OAuth 2.0 authorization server on 127.0.0.1, after the specs a real provider follows:
// RFC 6749 (code grant §4.1, refresh §6, errors §5.2), RFC 7636 (PKCE, S256 only),
// RFC 8252 §7.3 (loopback redirect URIs, any port), RFC 6750 §3 (Bearer 401 challenges),
// and OAuth 2.0 Security BCP (RFC 9700) §4.14 (refresh token rotation). Confidential
// clients authenticate as RFC 6749 §2.3.1 says (HTTP Basic or client_secret in the body)
// and may use the client-credentials grant (§4.4). Variants real providers have: a
// JSON token request, extra fields in the token answer (Pipedrive's `api_domain`) and
// in the redirect (Intuit's `realmId`), a token header of the provider's own (Shopify's
// `X-Shopify-Access-Token`), and endpoints under a tenant's path.
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
  /** Confidential clients, id → secret; only they may use the client-credentials grant. */
  confidentialClients?: Record<string, string>;
  /** How a confidential client must authenticate (default: either way RFC 6749 allows). */
  clientAuth?: 'basic' | 'body';
  /** The token request's body the server accepts (default form-encoded, as RFC 6749 says). */
  tokenRequestFormat?: 'form' | 'json';
  /** Fields added to every token answer (Pipedrive: `api_domain`). */
  tokenAnswerExtras?: Record<string, string>;
  /** Query parameters added to the redirect after consent (Intuit: `realmId`). */
  redirectExtras?: Record<string, string>;
  /** Where the API reads the access token (default `Authorization: Bearer …`). */
  tokenHeader?: { name: string; prefix: string };
}

export interface OAuthEmulator extends RunningEmulator {
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  /** Token endpoint calls by grant type, to see how often a client refreshed. */
  tokenRequests: { authorization_code: number; refresh_token: number; client_credentials: number };
  /** The tenant of each call under `/tenants/<name>/…` (a sign-in address built from a setting). */
  tenantsSeen: string[];
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
  const tokenRequests = { authorization_code: 0, refresh_token: 0, client_credentials: 0 };
  const tenantsSeen: string[] = [];
  const confidential = options.confidentialClients ?? {};
  const tokenHeader = options.tokenHeader ?? { name: 'authorization', prefix: 'Bearer ' };
  let denyNext = false;

  const token = (prefix: string, bytes = 24) => `${prefix}_${randomBytes(bytes).toString('base64url')}`;

  function authorize(query: URLSearchParams): EmulatorAnswer {
    const clientId = query.get('client_id') ?? '';
    const redirectUri = query.get('redirect_uri') ?? '';
    // §4.1.2.1: with a bad client or redirect URI the server must not redirect anywhere.
    if (!known(clientId)) return oauthError(400, 'invalid_client', 'Unknown client_id.');
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
    return back({ code, ...options.redirectExtras });
  }

  const known = (clientId: string) => clientIds.includes(clientId) || clientId in confidential;

  function issue(grant: Grant, refreshToken?: string, withRefresh = true): EmulatorAnswer {
    const accessToken = token('at', options.accessTokenBytes);
    accessTokens.set(accessToken, { grant, expiresAt: Date.now() + accessTtlMs });
    let newRefresh: string | undefined;
    if (withRefresh && (refreshToken === undefined || rotate)) {
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
        ...options.tokenAnswerExtras,
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

  /** The token request's fields, in the format the server accepts. */
  function tokenFields(request: EmulatorRequest): URLSearchParams | EmulatorAnswer {
    const type = String(request.headers['content-type'] ?? '');
    if ((options.tokenRequestFormat ?? 'form') === 'form') {
      if (!type.startsWith('application/x-www-form-urlencoded'))
        return oauthError(400, 'invalid_request', 'The token request must be form-encoded.');
      return new URLSearchParams(request.bodyText);
    }
    if (!type.startsWith('application/json'))
      return oauthError(400, 'invalid_request', 'The token request must be JSON.');
    try {
      const body = JSON.parse(request.bodyText) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]));
    } catch {
      return oauthError(400, 'invalid_request', 'The token request is not valid JSON.');
    }
  }

  /** §2.3: the client's id, proved by its secret when it has one; undefined when it failed. */
  function authenticatedClient(request: EmulatorRequest, form: URLSearchParams): string | undefined {
    const basic = /^Basic (.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    let id = form.get('client_id') ?? '';
    let secret: string | null = form.get('client_secret');
    if (basic !== undefined) {
      const [user = '', pass = ''] = Buffer.from(basic, 'base64').toString('utf8').split(/:(.*)/s);
      id = decodeURIComponent(user.replace(/\+/g, ' '));
      secret = decodeURIComponent(pass.replace(/\+/g, ' '));
      if (form.has('client_id') || form.has('client_secret')) return undefined; // one method only
    }
    if (!(id in confidential)) return clientIds.includes(id) && secret === null ? id : undefined;
    const method = basic !== undefined ? 'basic' : 'body';
    if (options.clientAuth !== undefined && options.clientAuth !== method) return undefined;
    return secret === confidential[id] ? id : undefined;
  }

  function clientCredentials(form: URLSearchParams, clientId: string): EmulatorAnswer {
    tokenRequests.client_credentials++;
    if (!(clientId in confidential))
      return oauthError(400, 'unauthorized_client', 'Only a confidential client may use client_credentials.');
    return issue({ clientId, scope: form.get('scope') ?? '', revoked: false }, undefined, false);
  }

  function tokenEndpoint(request: EmulatorRequest): EmulatorAnswer {
    const form = tokenFields(request);
    if (!(form instanceof URLSearchParams)) return form;
    const clientId = authenticatedClient(request, form);
    if (clientId === undefined) return oauthError(401, 'invalid_client', 'Client authentication failed.');
    switch (form.get('grant_type')) {
      case 'authorization_code':
        return exchangeCode(form, clientId);
      case 'refresh_token':
        return refresh(form, clientId);
      case 'client_credentials':
        return clientCredentials(form, clientId);
      default:
        return oauthError(
          400,
          'unsupported_grant_type',
          'Use authorization_code, refresh_token or client_credentials.',
        );
    }
  }

  function accessTokenState(presented: string): 'valid' | 'expired' | 'unknown' {
    const known = accessTokens.get(presented);
    if (!known || known.grant.revoked) return 'unknown';
    // `<=`: a lifetime of 0 s gives tokens that are dead on arrival (a provider with a skewed clock).
    return known.expiresAt <= Date.now() ? 'expired' : 'valid';
  }

  function protectedResource(request: EmulatorRequest): EmulatorAnswer {
    const sent = String(request.headers[tokenHeader.name.toLowerCase()] ?? '');
    const presented =
      sent.startsWith(tokenHeader.prefix) && sent.length > tokenHeader.prefix.length
        ? sent.slice(tokenHeader.prefix.length)
        : undefined;
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
    const company = /^\/api\/companies\/([^/]+)\/me$/.exec(request.path)?.[1];
    if (company !== undefined) return { status: 200, body: { company, scope: known.grant.scope } };
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
        // `/tenants/<name>/authorize` and `…/token`: a provider whose sign-in lives on the customer's own address.
        const tenant = /^\/tenants\/([a-z0-9-]+)(\/(?:authorize|token))$/.exec(request.path);
        if (tenant) tenantsSeen.push(tenant[1]!);
        const path = tenant ? tenant[2]! : request.path;
        if (request.method === 'GET' && path === '/authorize') return authorize(request.query);
        if (request.method === 'POST' && path === '/token') return tokenEndpoint(request);
        if (request.method === 'GET' && /^\/api\/(me|contacts|companies\/[^/]+\/me)$/.test(path))
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
    tenantsSeen,
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
