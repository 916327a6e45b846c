import { SyncError } from './error-classes.ts';

const redacted = '[redacted]';

/**
 * An app may quote the credential back in an error (an echoed header, a "bad token …"
 * message). The app's words go into run logs, failures and the UI, so the secret is
 * cut out of them first.
 */
export function redactSecret(error: SyncError, secret: string | undefined): SyncError {
  if (!secret || secret.length < 4 || !error.detail?.includes(secret)) return error;
  return new SyncError(error.errorClass, error.appName, {
    detail: error.detail.replaceAll(secret, redacted),
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.pausedUntil === undefined ? {} : { pausedUntil: error.pausedUntil }),
  });
}
