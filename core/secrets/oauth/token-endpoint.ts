// The token endpoint, RFC 6749 §3.2: a POST, form-encoded (or JSON, where a provider
// wants it), a JSON answer (§5.1), or a JSON error (§5.2) turned here into plain words.
// A public client (RFC 8252 §8.4) identifies itself with client_id only; a confidential
// one adds its secret, in the body or as HTTP Basic (§2.3.1).
import type { HttpSend } from '../../connectors/http/http-port.ts';
import type { Clock } from '../../ports.ts';
import { connectAgain, OAuthError } from './oauth-error.ts';
import type { OAuthClient } from './oauth-settings.ts';
import type { TokenBundle } from './token-bundle.ts';

export interface TokenEndpoint extends Partial<Omit<OAuthClient, 'clientId'>> {
  readonly appName: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  /** The confidential client's secret, from the keychain; never sent by a public client. */
  readonly clientSecret?: string | undefined;
  readonly send: HttpSend;
  readonly clock: Clock;
}

export type TokenGrant =
  | { grantType: 'authorization_code'; code: string; redirectUri: string; codeVerifier: string }
  | { grantType: 'refresh_token'; refreshToken: string }
  | { grantType: 'client_credentials'; scope: string };

/** The stored bundle, and the answer's fields (for values a connector captures: `api_domain`). */
export interface TokenAnswer {
  bundle: TokenBundle;
  fields: Record<string, unknown>;
}

/**
 * Asks for tokens. `previous` fills what a refresh answer may leave out: the refresh
 * token when the server does not rotate it (§6), and the scope when unchanged (§5.1).
 */
export async function requestTokens(
  endpoint: TokenEndpoint,
  grant: TokenGrant,
  previous: { refreshToken?: string; scope: string },
): Promise<TokenAnswer> {
  const { appName } = endpoint;
  const clientAuth = endpoint.clientAuth ?? 'none';
  const fields: Record<string, string> = { grant_type: grant.grantType };
  // With HTTP Basic the client is named in the header; RFC 6749 §2.3.1 allows no second copy.
  if (clientAuth !== 'basic') fields.client_id = endpoint.clientId;
  if (grant.grantType === 'authorization_code') {
    fields.code = grant.code;
    fields.redirect_uri = grant.redirectUri;
    fields.code_verifier = grant.codeVerifier;
  } else if (grant.grantType === 'refresh_token') {
    fields.refresh_token = grant.refreshToken;
  } else if (grant.scope !== '') {
    fields.scope = grant.scope;
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (clientAuth !== 'none') {
    if (!endpoint.clientSecret)
      throw new OAuthError(
        'misconfigured',
        `${appName} needs the client secret of the app registered for Patchbay: save it as ${appName}'s credential, then connect again.`,
      );
    if (clientAuth === 'body') fields.client_secret = endpoint.clientSecret;
    else headers.authorization = `Basic ${basicCredentials(endpoint.clientId, endpoint.clientSecret)}`;
  }
  const json = endpoint.tokenRequest === 'json';
  headers['content-type'] = json ? 'application/json' : 'application/x-www-form-urlencoded';

  let response;
  try {
    response = await endpoint.send({
      method: 'POST',
      url: endpoint.tokenUrl,
      headers,
      body: json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
    });
  } catch {
    throw new OAuthError(
      'unavailable',
      `Patchbay could not reach ${appName}'s sign-in server (${new URL(endpoint.tokenUrl).host}). ` +
        "Nothing was changed. Check this PC's internet connection and try again.",
    );
  }

  const body = parseJson(response.bodyText);
  if (response.status >= 200 && response.status < 300)
    return { bundle: toBundle(body, endpoint, previous), fields: body ?? {} };
  const code = typeof body?.error === 'string' ? body.error : undefined;
  if (code === undefined || response.status >= 500 || response.status === 429) {
    throw new OAuthError(
      'unavailable',
      `${appName}'s sign-in server did not answer properly (HTTP ${response.status}). ` +
        'Nothing was changed. Try again in a few minutes.',
    );
  }
  throw tokenError(code, grant.grantType, appName, clientAuth !== 'none');
}

/** RFC 6749 §5.2 error codes, in words; the server's own description may quote the grant, so it is left out. */
function tokenError(
  code: string,
  grantType: TokenGrant['grantType'],
  appName: string,
  confidential: boolean,
): OAuthError {
  const again = connectAgain(appName);
  switch (code) {
    case 'invalid_grant':
      return new OAuthError(
        'reconnect',
        grantType !== 'refresh_token'
          ? `${appName} did not accept the sign-in code: it was already used or has expired. Nothing was saved. ${again}`
          : `${appName} no longer accepts Patchbay's saved sign-in: it has expired or access was revoked in ${appName}. ` +
              `Patchbay changed nothing. ${again}`,
        code,
      );
    case 'invalid_client':
      // A confidential client is refused for its id or its secret; the server does not say which.
      if (confidential)
        return new OAuthError(
          'misconfigured',
          `${appName} did not accept the client ID and client secret saved for it. ` +
            `Check both against the app's settings in ${appName}, then save them again under Apps → ${appName}.`,
          code,
        );
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
  // Shopify's answer names no token_type ({access_token, scope, expires_in}): its token is
  // sent as is in its own header, so a missing type is read as bearer.
  const tokenType = body?.token_type ?? 'bearer';
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
    // Kept beside the tokens it renews them with (refresh, or a new client-credentials token).
    ...(endpoint.clientSecret && endpoint.clientAuth !== 'none'
      ? { clientSecret: endpoint.clientSecret }
      : {}),
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

/** RFC 6749 §2.3.1: id and secret form-encoded, then joined by ":" and base64-encoded. */
function basicCredentials(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return btoa(`${encode(clientId)}:${encode(clientSecret)}`);
}
