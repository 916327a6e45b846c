// 'retrying' was a failure state that nothing ever wrote, and it is gone from the code.
// The partial index that keeps one unresolved failure per record is rebuilt on the
// states the queries now name, because SQLite uses a partial index only for a query
// whose WHERE repeats the index's condition (core/storage/failure-state-sql.ts builds it).
// The CHECK of 0001 still allows 'retrying'; no row holds it, and rebuilding the table
// to drop one word from a CHECK is not worth the risk.
export const unresolvedFailuresSchema = `
DROP INDEX failures_one_unresolved;
CREATE UNIQUE INDEX failures_one_unresolved ON failures (flow_id, source_record_id)
  WHERE state IN ('open', 'needs-attention');
`;
