// "Find a record" made every run about 3× slower and the database 5× larger (issue 14,
// bench/outcomes-bench.ts): one row per record per run, clustered by record, so each run
// wrote a row into every page of the table. Outcomes are now kept as spans: one row per
// run and stretch of record ids (record_keys.id, which a flow hands out in the order it
// first reads its records, so a page of a run is usually one stretch), holding one byte
// per id — 0 unchanged, 1 created, 2 updated, 3 failed, 255 not read in that run. A run
// appends a row or two per page; a search reads one row per run of the record's flow;
// pruning a run deletes its rows, which sit together. Spans of one run never overlap
// (record-outcome-repository.ts merges them).
//
// The existing rows become spans of one record each.
export const outcomeSpansSchema = `
CREATE TABLE record_outcome_spans (
  run_id   INTEGER NOT NULL,
  first_id INTEGER NOT NULL,
  outcomes BLOB NOT NULL CHECK (length(outcomes) > 0),
  PRIMARY KEY (run_id, first_id)
) WITHOUT ROWID;
INSERT INTO record_outcome_spans (run_id, first_id, outcomes)
  SELECT run_id, record_id, unhex(printf('%02x', outcome)) FROM record_outcomes;
DROP TABLE record_outcomes;
`;
