// The tables of docs/architecture.md#data. Append-only: never edit a shipped migration; add the next number.
export const initialSchema = `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE apps (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL COLLATE NOCASE UNIQUE,
  vendor           TEXT NOT NULL DEFAULT '',
  category         TEXT NOT NULL,
  owner            TEXT NOT NULL DEFAULT '',
  criticality      TEXT NOT NULL CHECK (criticality IN ('low', 'medium', 'high')),
  notes            TEXT NOT NULL DEFAULT '',
  connector_kind   TEXT,
  connector_config TEXT NOT NULL DEFAULT '{}',
  credential_ref   TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);

CREATE TABLE entities (
  id               INTEGER PRIMARY KEY,
  app_id           TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  name             TEXT NOT NULL COLLATE NOCASE,
  fields           TEXT NOT NULL DEFAULT '[]',
  system_of_record INTEGER NOT NULL DEFAULT 0 CHECK (system_of_record IN (0, 1)),
  UNIQUE (app_id, name)
);
-- One system of record per kind of data across the inventory.
CREATE UNIQUE INDEX entities_one_system_of_record ON entities (name) WHERE system_of_record = 1;

CREATE TABLE flows (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  source_app_id   TEXT NOT NULL REFERENCES apps (id) ON DELETE RESTRICT,
  source_entity   TEXT NOT NULL,
  target_app_id   TEXT NOT NULL REFERENCES apps (id) ON DELETE RESTRICT,
  target_entity   TEXT NOT NULL,
  mapping         TEXT NOT NULL DEFAULT '[]',
  match_key       TEXT,
  write_mode      TEXT NOT NULL DEFAULT 'upsert',
  direction       TEXT NOT NULL DEFAULT 'one-way',
  conflict_policy TEXT NOT NULL DEFAULT 'system-of-record',
  schedule        TEXT,
  enabled         INTEGER NOT NULL DEFAULT 1,
  paused_reason   TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  flow_id     TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
  trigger     TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual', 'retry', 'catch-up')),
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
CREATE INDEX runs_by_flow ON runs (flow_id, started_at);

CREATE TABLE run_events (
  id        INTEGER PRIMARY KEY,
  run_id    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  at        TEXT NOT NULL,
  level     TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')),
  kind      TEXT NOT NULL,
  message   TEXT NOT NULL,
  record_id TEXT,
  data      TEXT
);
CREATE INDEX run_events_by_run ON run_events (run_id, id);

CREATE TABLE failures (
  id               INTEGER PRIMARY KEY,
  flow_id          TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
  run_id           INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  source_record_id TEXT NOT NULL,
  payload          TEXT NOT NULL,
  error_class      TEXT NOT NULL,
  message          TEXT NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 1,
  next_attempt_at  TEXT,
  state            TEXT NOT NULL CHECK (state IN ('open', 'retrying', 'needs-attention', 'resolved', 'ignored')),
  note             TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
-- The same source record failing again updates its one unresolved failure.
CREATE UNIQUE INDEX failures_one_unresolved ON failures (flow_id, source_record_id)
  WHERE state IN ('open', 'retrying', 'needs-attention');
CREATE INDEX failures_by_state ON failures (state, next_attempt_at);

CREATE TABLE record_links (
  flow_id      TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
  source_id    TEXT NOT NULL,
  target_id    TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  synced_at    TEXT NOT NULL,
  PRIMARY KEY (flow_id, source_id)
);

CREATE TABLE cursors (
  flow_id    TEXT PRIMARY KEY REFERENCES flows (id) ON DELETE CASCADE,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE audit (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT,
  detail  TEXT
);
`;
