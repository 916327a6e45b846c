import { repeatEvery, type RepeatOptions } from '../scheduler/repeat-every.ts';

/**
 * Runs the failure queue's automatic retries every `everyMs` until stopped. One round
 * at a time: a slow round delays the next instead of overlapping it.
 */
export function startAutomaticRetries(
  options: Omit<RepeatOptions, 'round'> & { retryDue: () => Promise<unknown> },
): { stop(): void } {
  return repeatEvery({ ...options, round: options.retryDue });
}
