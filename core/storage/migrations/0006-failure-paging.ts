// The Failures view pages newest first through up to 100,000 unresolved failures, by
// state and optionally by flow or run. These indexes let it sort ids alone (covering)
// instead of whole rows with their payload snapshots.
export const failurePagingSchema = `
CREATE INDEX failures_by_state_id ON failures (state, id);
CREATE INDEX failures_by_flow_state_id ON failures (flow_id, state, id);
CREATE INDEX failures_by_run ON failures (run_id, state, id);
`;
