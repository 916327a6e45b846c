import {
  connectionValues,
  resolveAddress,
  type ConnectionSpec,
} from '../../connectors/manifest/connection-values.ts';
import type { AuthSpec } from '../../connectors/manifest/manifest-schema.ts';
import { ownValue } from '../../contract/safe-path.ts';

export type OAuth2Auth = Extract<AuthSpec, { type: 'oauth2' }>;

/** How a client proves itself at the token endpoint, and how its token request is written. */
export interface OAuthClient {
  clientId: string;
  /** `none` for a public client; otherwise the client secret comes from the keychain. */
  clientAuth: OAuth2Auth['clientAuth'];
  tokenRequest: OAuth2Auth['tokenRequest'];
}

export interface OAuthSettings extends OAuthClient {
  grant: OAuth2Auth['grant'];
  /** Empty for the client-credentials grant, which has no browser sign-in. */
  authorizeUrl: string;
  tokenUrl: string;
  scopes: readonly string[];
  capture: OAuth2Auth['capture'];
}

/**
 * True for an app that holds a token made the older way instead of signing in: its
 * connector declares `legacyToken` and the app has no client id (Shopify's legacy custom
 * apps keep working after the preset moved to the client-credentials grant).
 */
export function usesLegacyToken(auth: OAuth2Auth, config: Record<string, unknown>): boolean {
  const clientId = ownValue(config, 'clientId');
  return auth.legacyToken && (typeof clientId !== 'string' || clientId.trim() === '');
}

/**
 * An app's OAuth settings: endpoints and scopes from its connector manifest, the client
 * id from its connection settings (`config.clientId`: each installation registers its
 * own client). `config.authorizeUrl` and `config.tokenUrl` replace the manifest's
 * endpoints the way `config.baseUrl` replaces its API address (a sandbox, an emulator).
 * The manifest's endpoints may be built from the app's settings (`{{config.subdomain}}`),
 * each host placeholder one plain name, so the credential still goes only to the
 * declared domain. Gives a plain-words problem instead when something is missing.
 */
export function oauthSettings(
  appName: string,
  auth: OAuth2Auth,
  config: Record<string, unknown>,
  connection?: ConnectionSpec,
): OAuthSettings | { problem: string } {
  // The app's own settings only, never one inherited from a polluted prototype (issue 16).
  const text = (key: string) => {
    const value = ownValue(config, key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const clientId = text('clientId');
  if (clientId === undefined) {
    return {
      problem:
        `${appName} ${auth.grant === 'client_credentials' ? 'signs in with its client id and secret' : 'signs in through the browser'}, and its connection settings need a "clientId": ` +
        `the client id of the app registered for Patchbay at ${appName}. Add it in Apps → ${appName}.`,
    };
  }
  const values = connection ? connectionValues(connection, config, undefined) : config;
  const endpoint = (name: 'authorizeUrl' | 'tokenUrl'): string | { problem: string } => {
    const own = text(name);
    if (own !== undefined) return own;
    const template = auth[name];
    if (template === undefined) return '';
    const resolved = resolveAddress(template, values);
    if ('address' in resolved) return resolved.address;
    return {
      problem:
        'missing' in resolved
          ? `${appName}'s sign-in address needs its "${resolved.missing.join('", "')}" setting. Fill it in under Apps → ${appName}.`
          : `${appName}'s "${'badHost' in resolved ? resolved.badHost : resolved.badAddress.name}" setting cannot be part of a web address (only letters, digits and dashes).`,
    };
  };
  const authorizeUrl = endpoint('authorizeUrl');
  if (typeof authorizeUrl !== 'string') return authorizeUrl;
  const tokenUrl = endpoint('tokenUrl');
  if (typeof tokenUrl !== 'string') return tokenUrl;
  return {
    grant: auth.grant,
    authorizeUrl,
    tokenUrl,
    clientId,
    clientAuth: auth.clientAuth,
    tokenRequest: auth.tokenRequest,
    scopes: auth.scopes,
    capture: auth.capture,
  };
}
