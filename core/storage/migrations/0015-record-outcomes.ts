// "Find a record" (issue 14): what every run did with each record it read, kept compact
// because a flow of 100,000 records run 30 times is 3 million lines. record_keys holds
// each record once per flow (its ids and its match-key value, the business key people
// search by); record_outcomes holds one small row per record per run, clustered by
// record so a search reads a few pages and a run appends near where it last wrote
// (bench/outcomes-bench.ts measures both). Outcomes go when their run is pruned.
//
// create_attempts notes a create before it is sent and is cleared when its page
// commits: after a crash, the repeat that finds the record by lookup knows this flow
// made it and counts it as created, not as "already there".
export const recordOutcomesSchema = `
CREATE TABLE record_keys (
  id        INTEGER PRIMARY KEY,
  flow_id   TEXT NOT NULL,
  source_id TEXT NOT NULL,
  key       TEXT COLLATE NOCASE,
  target_id TEXT,
  UNIQUE (flow_id, source_id)
);
-- People search by email or order number: indexed. A search by id reads all the keys
-- (tens of milliseconds for 100,000 records), sparing every run two more indexes to keep.
CREATE INDEX record_keys_by_key ON record_keys (key) WHERE key IS NOT NULL;

-- outcome: 0 unchanged, 1 created, 2 updated, 3 failed
CREATE TABLE record_outcomes (
  record_id INTEGER NOT NULL,
  run_id    INTEGER NOT NULL,
  outcome   INTEGER NOT NULL CHECK (outcome BETWEEN 0 AND 3),
  PRIMARY KEY (record_id, run_id)
) WITHOUT ROWID;

CREATE TABLE create_attempts (
  flow_id   TEXT NOT NULL,
  source_id TEXT NOT NULL,
  PRIMARY KEY (flow_id, source_id)
) WITHOUT ROWID;
`;
