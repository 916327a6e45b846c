// OAuth 2.0 for a native app (RFC 8252): the system browser shows the app's consent
// page, the answer comes back to a loopback listener, and the code is exchanged with
// PKCE (RFC 7636) for tokens that go straight to the keychain.
import type { HttpSend } from '../../connectors/http/http-port.ts';
import { checkAddressValue } from '../../connectors/manifest/address-hosts.ts';
import { getPath } from '../../connectors/manifest/template.ts';
import type { Clock } from '../../ports.ts';
import type { SecretStore } from '../secret-store.ts';
import { startLoopbackListener, type LoopbackCallback } from './loopback-listener.ts';
import { connectAgain, OAuthError, plainOAuthMessage } from './oauth-error.ts';
import type { OAuth2Auth, OAuthClient } from './oauth-settings.ts';
import { createPkce, createState } from './pkce.ts';
import { serialiseTokenBundle, type TokenBundle } from './token-bundle.ts';
import { requestTokens } from './token-endpoint.ts';

export interface AuthorizationOptions {
  /** The app's name as the user knows it, for every message. */
  readonly appName: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  /** A confidential client (Intuit) proves itself with its secret; default a public client. */
  readonly clientAuth?: OAuthClient['clientAuth'];
  readonly clientSecret?: string | undefined;
  readonly tokenRequest?: OAuthClient['tokenRequest'];
  readonly scopes: readonly string[];
  /** Values to keep with the connection, from the token answer or the redirect (QuickBooks' `realmId`). */
  readonly capture?: OAuth2Auth['capture'];
  /** Saves the captured values with the app's settings, before the tokens are stored. */
  readonly saveCaptured?: (values: Record<string, string>) => void | Promise<void>;
  /** The keychain account the tokens go to (`secretAccount(workspace, appId)`). */
  readonly account: string;
  readonly secrets: SecretStore;
  readonly send: HttpSend;
  readonly clock: Clock;
  /** How long to wait for the browser (default 5 minutes). */
  readonly timeoutMs?: number;
}

export interface Authorization {
  /** Open this in the system browser (never in an embedded view: RFC 8252 §8.12). */
  readonly authorizeUrl: string;
  /** The stored tokens; rejects with an `OAuthError` in plain words, having stored nothing. */
  readonly tokens: Promise<TokenBundle>;
  /** Gives up waiting; `tokens` rejects with `reason`. */
  cancel(reason?: Error): Promise<void>;
}

export async function startAuthorization(options: AuthorizationOptions): Promise<Authorization> {
  const { appName } = options;
  // Parameters the provider's URL already carries (a tenant, `access_type=offline`) are kept.
  // Parsed first, so a malformed URL leaves no listener behind.
  const url = new URL(options.authorizeUrl);
  const listener = await startLoopbackListener({
    appName,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const pkce = createPkce();
  const state = createState();
  const scope = options.scopes.join(' ');

  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', listener.redirectUri);
  if (scope !== '') url.searchParams.set('scope', scope);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', pkce.challenge);
  url.searchParams.set('code_challenge_method', pkce.method);

  async function finish(callback: LoopbackCallback): Promise<TokenBundle> {
    const code = codeFrom(callback.params, state, appName);
    const { bundle, fields } = await requestTokens(
      options,
      {
        grantType: 'authorization_code',
        code,
        redirectUri: listener.redirectUri,
        codeVerifier: pkce.verifier,
      },
      { scope },
    );
    const captured = capturedValues(options.capture ?? [], fields, callback.params, appName);
    if (Object.keys(captured).length > 0) await options.saveCaptured?.(captured);
    await options.secrets.set(options.account, serialiseTokenBundle(bundle));
    return bundle;
  }

  const tokens = listener.callback.then(async (callback) => {
    try {
      const bundle = await finish(callback);
      await callback.answer({
        ok: true,
        message: `Patchbay is connected to ${appName}. You can close this tab.`,
      });
      return bundle;
    } catch (error) {
      await callback.answer({ ok: false, message: plainOAuthMessage(error, appName) });
      throw error;
    }
  });
  // The caller reads `tokens` once the browser is open; an early failure must not count as unhandled meanwhile.
  tokens.catch(() => undefined);
  return { authorizeUrl: url.toString(), tokens, cancel: (reason) => listener.close(reason) };
}

/** The code from the redirect, once `state` proves the redirect answers this attempt (RFC 6749 §10.12). */
function codeFrom(params: URLSearchParams, state: string, appName: string): string {
  if (params.get('state') !== state) {
    throw new OAuthError(
      'reconnect',
      `This sign-in answer does not belong to the connection Patchbay started for ${appName}, ` +
        `so it was refused and nothing was saved. ${connectAgain(appName)}`,
    );
  }
  const error = params.get('error');
  if (error === 'access_denied') {
    throw new OAuthError(
      'denied',
      `You did not allow Patchbay to use ${appName}, so nothing was connected. ` +
        `To connect ${appName}, start again and choose to allow access.`,
      error,
    );
  }
  if (error !== null) {
    throw new OAuthError(
      'reconnect',
      `${appName} could not complete the sign-in (${error.slice(0, 60)}). Nothing was saved. ${connectAgain(appName)}`,
      error,
    );
  }
  const code = params.get('code');
  if (!code) {
    throw new OAuthError(
      'reconnect',
      `${appName} sent the browser back without a sign-in code. Nothing was saved. ${connectAgain(appName)}`,
    );
  }
  return code;
}

/**
 * The values the connector keeps from this sign-in: a field of the token answer
 * (Pipedrive's `api_domain`) or a parameter of the redirect (QuickBooks' `realmId`). They
 * name which account the tokens open, so a missing one refuses the sign-in.
 */
function capturedValues(
  capture: OAuth2Auth['capture'],
  answer: Record<string, unknown>,
  redirect: URLSearchParams,
  appName: string,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { name, from, path, hosts } of capture) {
    const value = from === 'redirect' ? redirect.get(path) : getPath(answer, path);
    if (
      (typeof value !== 'string' && typeof value !== 'number') ||
      String(value) === '' ||
      String(value).length > 500
    )
      throw new OAuthError(
        'reconnect',
        `${appName} did not say which account it connected (no "${path}" in its ${from === 'redirect' ? 'answer to the browser' : 'sign-in answer'}). Nothing was saved. ${connectAgain(appName)}`,
      );
    values[name] = String(value);
    if (hosts === undefined) continue;
    // A server address the tokens would be sent to: only on a host the connector declares.
    const checked = checkAddressValue(value, hosts);
    if ('problem' in checked)
      throw new OAuthError(
        'reconnect',
        `${appName}'s sign-in answer names a server for "${path}" (${checked.host}) that ${checked.problem}, so Patchbay refused it: nothing was saved and nothing was sent there. ${connectAgain(appName)}`,
      );
    values[name] = checked.origin;
  }
  return values;
}
