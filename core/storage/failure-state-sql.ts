import {
  closedFailureStates,
  unresolvedFailureStates,
  type FailureState,
} from '../failures/failure-states.ts';

/** `state IN ('a', 'b')` for SQL, built from the failure states rather than spelled again. */
export const statesSql = (states: readonly FailureState[]): string =>
  `state IN (${states.map((state) => `'${state}'`).join(', ')})`;

/**
 * `state IN ('open', 'needs-attention')`, exactly as the partial index
 * failures_one_unresolved (migration 9) says it: SQLite uses a partial index only for
 * a query whose WHERE repeats the index's own condition.
 */
export const unresolvedSql = statesSql(unresolvedFailureStates);

export const closedSql = statesSql(closedFailureStates);
