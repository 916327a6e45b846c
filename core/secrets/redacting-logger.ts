import type { Logger } from '../ports.ts';
import type { KnownSecrets } from './known-secrets.ts';

/**
 * A `Logger` that masks every secret value the workspace has handled before the inner
 * logger (console, log file, a test's array) sees the line or the error.
 */
export function redactingLogger(inner: Logger, known: KnownSecrets): Logger {
  return {
    info: (message) => inner.info(known.mask(message)),
    error: (message, error) =>
      error === undefined
        ? inner.error(known.mask(message))
        : inner.error(known.mask(message), maskError(error, known)),
  };
}

function maskError(error: unknown, known: KnownSecrets): unknown {
  if (typeof error === 'string') return known.mask(error);
  if (!(error instanceof Error)) return known.maskDeep(error);
  const message = known.mask(error.message);
  const stack = error.stack === undefined ? undefined : known.mask(error.stack);
  // The original (with its class) when it holds no secret; a masked copy otherwise.
  if (message === error.message && stack === error.stack) return error;
  const masked = new Error(message);
  masked.name = error.name;
  masked.stack = stack;
  return masked;
}
