import { failureStates, type Failure } from '../contract/flows.ts';

// The list itself lives in the contract (pure, shared with the renderer); the failure
// queue re-exports it so its code and its README name one home.
export { failureStates };
export type FailureState = Failure['state'];

/** Closed by a person, or resolved by a clean sync of the record: nothing more happens to them. */
export const closedFailureStates = ['resolved', 'ignored'] as const satisfies readonly FailureState[];
export type ClosedFailureState = (typeof closedFailureStates)[number];

type UnresolvedState = Exclude<FailureState, ClosedFailureState>;

/** Still waiting: for an automatic retry (open) or for a person (needs-attention). */
export const unresolvedFailureStates: readonly UnresolvedState[] = failureStates.filter(
  (state): state is UnresolvedState => !(closedFailureStates as readonly string[]).includes(state),
);

export const isUnresolved = (state: FailureState): state is UnresolvedState =>
  (unresolvedFailureStates as readonly string[]).includes(state);
