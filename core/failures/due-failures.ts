import type { Failure } from '../contract/flows.ts';

/** Open failures whose next attempt has come, soonest first (`FailureRepository.due`). */
export interface DueFailureSource {
  due(now: string, limit: number): Failure[];
}

// One round takes at most this many; the rest are still due at the next round.
const roundSize = 1000;

/**
 * The failures one round of automatic retries takes: open ones whose next attempt has
 * come, soonest first, except those of a flow that cannot run now (paused, or already
 * running): they wait for the next round.
 */
export function dueFailures(
  source: DueFailureSource,
  now: Date,
  canRun: (flowId: string) => boolean,
): Failure[] {
  return source.due(now.toISOString(), roundSize).filter((failure) => canRun(failure.flowId));
}
