// A flow whose source is a folder also runs when a file lands or changes there
// (issue 13): runs record that trigger as 'file-change'. SQLite cannot change a CHECK
// constraint in place, so the table is rebuilt the documented way (create, copy, drop,
// rename) with foreign keys off for the step, so dropping the old table neither deletes
// the run events nor unlinks the failures that point at its runs.
export const fileChangeTriggerSchema = `
CREATE TABLE runs_new (
  id          INTEGER PRIMARY KEY,
  flow_id     TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
  trigger     TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual', 'retry', 'catch-up', 'file-change')),
  status      TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'cancelled')),
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  read        INTEGER NOT NULL DEFAULT 0,
  created     INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  unchanged   INTEGER NOT NULL DEFAULT 0,
  failed      INTEGER NOT NULL DEFAULT 0,
  error       TEXT
);
INSERT INTO runs_new (id, flow_id, trigger, status, started_at, finished_at, read, created, updated, unchanged, failed, error)
  SELECT id, flow_id, trigger, status, started_at, finished_at, read, created, updated, unchanged, failed, error FROM runs;
DROP TABLE runs;
ALTER TABLE runs_new RENAME TO runs;
CREATE INDEX runs_by_flow ON runs (flow_id, started_at);
`;
