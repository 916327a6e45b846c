// The token endpoint, RFC 6749 §3.2: a form-encoded POST, a JSON answer (§5.1), or a
// JSON error (§5.2) turned here into plain words. A desktop app is a public client
// (RFC 8252 §8.4): it identifies itself with client_id only, never a client secret.
import type { HttpSend } from '../../connectors/http/http-port.ts';
import type { Clock } from '../../ports.ts';
import { connectAgain, OAuthError } from './oauth-error.ts';
import type { TokenBundle } from './token-bundle.ts';

export interface TokenEndpoint {
  readonly appName: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly send: HttpSend;
  readonly clock: Clock;
}

export type TokenGrant =
  | { grantType: 'authorization_code'; code: string; redirectUri: string; codeVerifier: string }
  | { grantType: 'refresh_token'; refreshToken: string };

/**
 * Asks for tokens. `previous` fills what a refresh answer may leave out: the refresh
 * token when the server does not rotate it (§6), and the scope when unchanged (§5.1).
 */
export async function requestTokens(
  endpoint: TokenEndpoint,
  grant: TokenGrant,
  previous: { refreshToken?: string; scope: string },
): Promise<TokenBundle> {
  const { appName } = endpoint;
  const form = new URLSearchParams({ grant_type: grant.grantType, client_id: endpoint.clientId });
  if (grant.grantType === 'authorization_code') {
    form.set('code', grant.code);
    form.set('redirect_uri', grant.redirectUri);
    form.set('code_verifier', grant.codeVerifier);
  } else {
    form.set('refresh_token', grant.refreshToken);
  }

  let response;
  try {
    response = await endpoint.send({
      method: 'POST',
      url: endpoint.tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
  } catch {
    throw new OAuthError(
      'unavailable',
      `Patchbay could not reach ${appName}'s sign-in server (${new URL(endpoint.tokenUrl).host}). ` +
        "Nothing was changed. Check this PC's internet connection and try again.",
    );
  }

  const body = parseJson(response.bodyText);
  if (response.status >= 200 && response.status < 300) return toBundle(body, endpoint, previous);
  const code = typeof body?.error === 'string' ? body.error : undefined;
  if (code === undefined || response.status >= 500 || response.status === 429) {
    throw new OAuthError(
      'unavailable',
      `${appName}'s sign-in server did not answer properly (HTTP ${response.status}). ` +
        'Nothing was changed. Try again in a few minutes.',
    );
  }
  throw tokenError(code, grant.grantType, appName);
}

/** RFC 6749 §5.2 error codes, in words; the server's own description may quote the grant, so it is left out. */
function tokenError(code: string, grantType: TokenGrant['grantType'], appName: string): OAuthError {
  const again = connectAgain(appName);
  switch (code) {
    case 'invalid_grant':
      return new OAuthError(
        'reconnect',
        grantType === 'authorization_code'
          ? `${appName} did not accept the sign-in code: it was already used or has expired. Nothing was saved. ${again}`
          : `${appName} no longer accepts Patchbay's saved sign-in: it has expired or access was revoked in ${appName}. ` +
              `Patchbay changed nothing. ${again}`,
        code,
      );
    case 'invalid_client':
      return new OAuthError(
        'misconfigured',
        `${appName} does not recognise Patchbay's client id (the "clientId" in ${appName}'s connection settings). ` +
          `Check it against the app registration in ${appName}, then connect ${appName} again.`,
        code,
      );
    case 'unauthorized_client':
    case 'unsupported_grant_type':
      return new OAuthError(
        'misconfigured',
        `${appName} does not allow this client id to sign in this way (${code}). ` +
          `Check the app registration in ${appName}, then connect ${appName} again.`,
        code,
      );
    case 'invalid_scope':
      return new OAuthError(
        'misconfigured',
        `${appName} refused the permissions Patchbay asked for. Check the connector's scopes, then connect ${appName} again.`,
        code,
      );
    default:
      return new OAuthError(
        'reconnect',
        `${appName}'s sign-in server refused Patchbay's request (${code.slice(0, 60)}). Nothing was changed. ${again}`,
        code,
      );
  }
}

function toBundle(
  body: Record<string, unknown> | undefined,
  endpoint: TokenEndpoint,
  previous: { refreshToken?: string; scope: string },
): TokenBundle {
  const accessToken = body?.access_token;
  const tokenType = body?.token_type;
  // Only bearer tokens (RFC 6750) are sent by the connectors; anything else would fail later, unexplained.
  if (
    typeof accessToken !== 'string' ||
    accessToken === '' ||
    typeof tokenType !== 'string' ||
    tokenType.toLowerCase() !== 'bearer'
  ) {
    throw new OAuthError(
      'unavailable',
      `${endpoint.appName}'s sign-in server sent an answer Patchbay cannot use (no bearer access token). Nothing was saved.`,
    );
  }
  const expiresIn = Number(body?.expires_in);
  const refreshToken =
    typeof body?.refresh_token === 'string' && body.refresh_token !== ''
      ? body.refresh_token
      : previous.refreshToken;
  return {
    type: 'oauth2',
    accessToken,
    ...(refreshToken === undefined ? {} : { refreshToken }),
    ...(Number.isFinite(expiresIn) && expiresIn > 0
      ? { expiresAt: new Date(endpoint.clock.now().getTime() + expiresIn * 1000).toISOString() }
      : {}),
    scope: typeof body?.scope === 'string' ? body.scope : previous.scope,
    tokenType,
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
