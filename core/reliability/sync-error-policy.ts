import { classifyNetworkError } from './classify-http-error.ts';
import { SyncError } from './error-classes.ts';

export { SyncError } from './error-classes.ts';

/**
 * Any thrown value as a SyncError: network failures recognised, the rest internal. An
 * internal error's words are Patchbay's own, never quoted as the app's ("HubSpot said:
 * database is locked" sent people to the wrong place).
 */
export function toSyncError(error: unknown, appName: string): SyncError {
  if (error instanceof SyncError) return error;
  const network = classifyNetworkError(error, appName);
  if (network) return network;
  const detail = error instanceof Error ? error.message.slice(0, 300) : undefined;
  return new SyncError(
    'internal',
    appName,
    detail ? { summary: `Something went wrong inside Patchbay: ${detail}` } : {},
  );
}

/** Record-level errors go to the failure queue; the others stop the run. */
export function isRecordLevel(error: SyncError): boolean {
  return error.recordLevel;
}

/**
 * After this error, did the app perhaps do the write anyway? True when the answer was
 * lost: the connection broke or timed out after the request went out, a 5xx (the app
 * or a gateway may fail after committing), or a 2xx whose body was cut off. A refusal
 * the app answered (4xx, 429) or a connection never made means it did not.
 */
export function answerMayBeLost(error: SyncError): boolean {
  if (error.errorClass === 'server') return true;
  return error.errorClass === 'network' && !error.neverSent;
}
