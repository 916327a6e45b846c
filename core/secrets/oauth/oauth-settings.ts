import type { AuthSpec } from '../../connectors/manifest/manifest-schema.ts';
import { ownValue } from '../../contract/safe-path.ts';

export type OAuth2Auth = Extract<AuthSpec, { type: 'oauth2' }>;

export interface OAuthSettings {
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  scopes: readonly string[];
}

/**
 * An app's OAuth settings: endpoints and scopes from its connector manifest, the client
 * id from its connection settings (`config.clientId`: each installation registers its
 * own public client). `config.authorizeUrl` and `config.tokenUrl` replace the manifest's
 * endpoints the way `config.baseUrl` replaces its API address (a sandbox, an emulator).
 * Gives a plain-words problem instead when something is missing.
 */
export function oauthSettings(
  appName: string,
  auth: OAuth2Auth,
  config: Record<string, unknown>,
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
        `${appName} signs in through the browser, and its connection settings need a "clientId": ` +
        `the client id of the app registered for Patchbay at ${appName}. Add it in Apps → ${appName}.`,
    };
  }
  return {
    authorizeUrl: text('authorizeUrl') ?? auth.authorizeUrl,
    tokenUrl: text('tokenUrl') ?? auth.tokenUrl,
    clientId,
    scopes: auth.scopes,
  };
}
