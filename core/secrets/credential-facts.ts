import type { App } from '../contract/apps.ts';
import { credentialKinds, type CredentialKind } from '../contract/credentials.ts';
import { signsInThroughBrowser, type ConnectorCatalog } from '../connectors/connector-catalog.ts';
import { tokenBundleSchema } from './oauth/token-bundle.ts';

/** The credential kind an app's connector asks for; null when it signs in with nothing. */
export function credentialKindOf(
  app: Pick<App, 'connector'>,
  catalog: Pick<ConnectorCatalog, 'get'>,
): CredentialKind | null {
  const entry = app.connector ? catalog.get(app.connector.connector) : undefined;
  // A client secret (OAuth client credentials: Shopify's Dev Dashboard apps) is typed in and
  // replaced like a key; there is no browser sign-in to do again.
  if (entry && entry.auth === 'oauth2' && !signsInThroughBrowser(entry)) return 'api_key';
  const auth = entry?.auth;
  return (credentialKinds as readonly string[]).includes(auth ?? '') ? (auth as CredentialKind) : null;
}

/**
 * When a saved credential stops working on its own: an OAuth sign-in without a
 * refresh token ends with its access token, unless a client secret it keeps buys the
 * next one (client credentials). Keys do not say, so they give null.
 */
export function credentialExpiry(value: string): string | null {
  if (!value.startsWith('{')) return null;
  try {
    const bundle = tokenBundleSchema.safeParse(JSON.parse(value));
    const renews = bundle.success && (bundle.data.refreshToken ?? bundle.data.clientSecret) !== undefined;
    return bundle.success && !renews ? (bundle.data.expiresAt ?? null) : null;
  } catch {
    return null;
  }
}
