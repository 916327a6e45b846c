import type { SyncError } from './error-classes.ts';

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

/**
 * "Full jitter": a random wait between 0 and min(cap, base·2^attempt), which spreads
 * retries of many clients apart (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */
export function fullJitterDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  return Math.floor(random() * Math.min(options.capMs, options.baseMs * 2 ** attempt));
}

export interface RetryOptions extends BackoffOptions {
  maxAttempts: number;
  /** The longest a single wait may be; a Retry-After beyond it gives up (the work is parked instead). */
  maxWaitMs: number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  toSyncError: (error: unknown) => SyncError;
  onRetry?: (error: SyncError, attempt: number, waitMs: number) => void;
  signal?: AbortSignal;
}

/**
 * Runs `operation`, retrying transient failures (rate limit, network, server) with
 * backoff, honouring Retry-After. Everything else, or the last failure, is rethrown
 * as a SyncError.
 */
export async function retryInPlace<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (raw) {
      const error = options.toSyncError(raw);
      if (!error.retryable || attempt + 1 >= options.maxAttempts || options.signal?.aborted) throw error;
      const jittered = fullJitterDelay(attempt, options, options.random);
      const wait = Math.max(error.retryAfterMs ?? 0, jittered);
      if (wait > options.maxWaitMs) throw error;
      options.onRetry?.(error, attempt + 1, wait);
      await options.sleep(wait, options.signal);
    }
  }
}
