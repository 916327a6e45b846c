/** Automatic retries of a failed record: after 1 min, 5 min, 30 min, 2 h and 12 h; then a person looks. */
export const retryDelaysMs: readonly number[] = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  12 * 3_600_000,
];

/** When to try again after `attempts` failed attempts, or undefined when it needs attention. */
export function nextAttemptAt(attempts: number, now: Date, retryable: boolean): Date | undefined {
  if (!retryable) return undefined;
  const delay = retryDelaysMs[attempts - 1];
  return delay === undefined ? undefined : new Date(now.getTime() + delay);
}
