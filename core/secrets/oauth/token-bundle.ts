import { z } from 'zod';
import { connectAgain, OAuthError } from './oauth-error.ts';

/** What one OAuth connection keeps in the keychain, as JSON under the app's account. */
export const tokenBundleSchema = z.object({
  type: z.literal('oauth2'),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  /** ISO 8601; absent when the server did not say how long the token lasts. */
  expiresAt: z.string().optional(),
  /** Space-separated, as granted (RFC 6749 §3.3). */
  scope: z.string(),
  tokenType: z.string(),
  /** A confidential client's secret, kept with the tokens it renews them with. */
  clientSecret: z.string().min(1).optional(),
});
export type TokenBundle = z.infer<typeof tokenBundleSchema>;

// No size limit here: some providers issue multi-kilobyte JWTs, and sealing of large
// values is the SecretStore's business.
export function serialiseTokenBundle(bundle: TokenBundle): string {
  return JSON.stringify(bundle);
}

export function parseTokenBundle(stored: string, appName: string): TokenBundle {
  let parsed: z.ZodSafeParseResult<TokenBundle> | undefined;
  try {
    parsed = tokenBundleSchema.safeParse(JSON.parse(stored));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return parsed.data;
  // The value itself never goes into the message.
  throw new OAuthError(
    'reconnect',
    `The credential saved for ${appName} is not an OAuth sign-in Patchbay can use. ${connectAgain(appName)}`,
  );
}

/**
 * What a confidential client's keychain entry holds: the tokens once connected, or just
 * the client secret the person saved before the first sign-in.
 */
export function readStoredClient(
  stored: string,
  appName: string,
): { bundle?: TokenBundle; clientSecret: string } {
  if (!stored.trimStart().startsWith('{')) return { clientSecret: stored };
  const bundle = parseTokenBundle(stored, appName);
  if (bundle.clientSecret === undefined)
    throw new OAuthError(
      'reconnect',
      `${appName} needs the client secret of the app registered for Patchbay: save it as ${appName}'s credential, then connect again.`,
    );
  return { bundle, clientSecret: bundle.clientSecret };
}

/** True when the access token is gone or goes within `marginMs`. */
export function expiresWithin(bundle: TokenBundle, now: Date, marginMs: number): boolean {
  if (bundle.expiresAt === undefined) return false;
  return new Date(bundle.expiresAt).getTime() - now.getTime() <= marginMs;
}
