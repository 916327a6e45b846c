// "Sync now" asked of the process that runs the workspace's syncs (issue 15): the
// desktop app, while the background service holds the lease, writes a request here;
// the lease holder runs it and writes the result back. One run, never two.
export const runRequestsSchema = `
CREATE TABLE run_requests (
  id           INTEGER PRIMARY KEY,
  flow_id      TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  taken_at     TEXT,
  finished_at  TEXT,
  result       TEXT,
  error_kind   TEXT,
  error        TEXT
);
CREATE INDEX run_requests_open ON run_requests (taken_at) WHERE taken_at IS NULL;
`;
