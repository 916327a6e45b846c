import type { HttpSend } from '../../connectors/http/http-port.ts';
import type { Clock } from '../../ports.ts';
import type { SecretStore } from '../secret-store.ts';
import { connectAgain, OAuthError } from './oauth-error.ts';
import type { OAuthSettings } from './oauth-settings.ts';
import {
  expiresWithin,
  parseTokenBundle,
  readStoredClient,
  serialiseTokenBundle,
  type TokenBundle,
} from './token-bundle.ts';
import { requestTokens } from './token-endpoint.ts';

/** Refresh this long before the stated expiry, so a token never dies mid-request. */
export const refreshMarginMs = 60_000;

export interface TokenSourceOptions {
  readonly appName: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  /** The grant and client kind (default: a public client signed in through the browser). */
  readonly client?: Pick<OAuthSettings, 'grant' | 'clientAuth' | 'tokenRequest' | 'scopes'>;
  readonly account: string;
  readonly secrets: SecretStore;
  readonly send: HttpSend;
  readonly clock: Clock;
}

/** An app's access token from the keychain, kept fresh with its refresh token (RFC 6749 §6). */
export interface TokenSource {
  /** The access token, refreshed first when it expires within 60 s; undefined when the app was never connected. */
  accessToken(): Promise<string | undefined>;
  /**
   * After the app answered 401 to `rejected`: refreshes once and gives the new token.
   * When another request already replaced `rejected`, gives that one without refreshing.
   */
  refreshAfter401(rejected: string | undefined): Promise<string>;
  /** The stored access token as is, never refreshing (to redact it from errors). */
  storedAccessToken(): Promise<string | undefined>;
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { appName, secrets, account } = options;
  // One refresh at a time: with rotation, a second concurrent refresh would spend a
  // refresh token the first one had already replaced.
  let refreshing: Promise<TokenBundle> | undefined;
  const client = options.client;
  const endpoint = {
    ...options,
    ...(client ? { clientAuth: client.clientAuth, tokenRequest: client.tokenRequest } : {}),
  };
  const confidential = client !== undefined && client.clientAuth !== 'none';

  /** The stored bundle; for a client-credentials app, also a secret saved before any token was bought. */
  async function stored(): Promise<{ bundle?: TokenBundle | undefined; clientSecret?: string } | undefined> {
    const value = await secrets.get(account);
    if (value === undefined) return undefined;
    return confidential ? readStoredClient(value, appName) : { bundle: parseTokenBundle(value, appName) };
  }

  function refresh(current: {
    bundle?: TokenBundle | undefined;
    clientSecret?: string;
  }): Promise<TokenBundle> {
    refreshing ??= refreshNow(current).finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function refreshNow({
    bundle: current,
    clientSecret,
  }: {
    bundle?: TokenBundle | undefined;
    clientSecret?: string;
  }): Promise<TokenBundle> {
    if (client?.grant === 'client_credentials') {
      // No refresh token in this grant (RFC 6749 §4.4.3): the client secret buys a new token.
      const { bundle } = await requestTokens(
        { ...endpoint, clientSecret },
        { grantType: 'client_credentials', scope: client.scopes.join(' ') },
        { scope: client.scopes.join(' ') },
      );
      await secrets.set(account, serialiseTokenBundle(bundle));
      return bundle;
    }
    if (current === undefined)
      throw new OAuthError('reconnect', `No sign-in is saved for ${appName}. ${connectAgain(appName)}`);
    if (current.refreshToken === undefined) {
      throw new OAuthError(
        'reconnect',
        `${appName}'s sign-in has expired and ${appName} gave Patchbay no way to renew it. ${connectAgain(appName)}`,
      );
    }
    const { bundle: renewed } = await requestTokens(
      { ...endpoint, clientSecret },
      { grantType: 'refresh_token', refreshToken: current.refreshToken },
      { refreshToken: current.refreshToken, scope: current.scope },
    );
    // Saved before use: a rotated refresh token is the only one that still works.
    await secrets.set(account, serialiseTokenBundle(renewed));
    return renewed;
  }

  return {
    async accessToken() {
      if (refreshing) return (await refreshing).accessToken;
      const current = await stored();
      if (current === undefined) return undefined;
      const { bundle } = current;
      if (bundle && !expiresWithin(bundle, options.clock.now(), refreshMarginMs)) return bundle.accessToken;
      return (await refresh(current)).accessToken;
    },
    async refreshAfter401(rejected) {
      if (refreshing) return (await refreshing).accessToken;
      const current = await stored();
      if (current === undefined) {
        throw new OAuthError('reconnect', `No sign-in is saved for ${appName}. ${connectAgain(appName)}`);
      }
      const held = current.bundle?.accessToken;
      if (rejected !== undefined && held !== undefined && held !== rejected) return held;
      return (await refresh(current)).accessToken;
    },
    async storedAccessToken() {
      return (await stored().catch(() => undefined))?.bundle?.accessToken;
    },
  };
}
