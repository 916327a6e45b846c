/**
 * Why an OAuth step failed, for the caller's next move:
 * - `reconnect`: the grant is gone (used or expired code, expired or revoked refresh
 *   token, wrong state, no credential); only the user signing in again helps.
 * - `denied`: the user said no on the consent page.
 * - `misconfigured`: the client id, redirect or scopes are wrong for this app.
 * - `unavailable`: the sign-in server could not be reached or answered badly; try later.
 */
export type OAuthFailure = 'reconnect' | 'denied' | 'misconfigured' | 'unavailable';

/** A failed OAuth step in plain words. Never carries a code, token or verifier. */
export class OAuthError extends Error {
  readonly failure: OAuthFailure;
  /** The RFC 6749 error code the server gave (`invalid_grant`, `access_denied`), if any. */
  readonly code: string | undefined;

  constructor(failure: OAuthFailure, message: string, code?: string) {
    super(message);
    this.name = 'OAuthError';
    this.failure = failure;
    this.code = code;
  }
}

export function connectAgain(appName: string): string {
  return `Connect ${appName} again.`;
}

/** An error from an OAuth attempt as words for the user: its own when it is known to be safe, else a generic one. */
export function plainOAuthMessage(error: unknown, appName: string): string {
  // Both explain themselves and carry no secret.
  if (error instanceof OAuthError || (error instanceof Error && error.name === 'KeychainUnavailableError'))
    return error.message;
  return `Something went wrong while connecting ${appName}. Nothing was saved. ${connectAgain(appName)}`;
}
