// Issue 16: the desktop app, `serve`, `scheduler` and the CLI can open one workspace at
// once. One process owns its runs: it holds this single row, renews its expiry on a
// timer, and deletes it when it closes. Another process takes the row over only when
// the holder's expiry has passed, or its pid is gone on the same host.
export const workspaceLeaseSchema = `
CREATE TABLE workspace_lease (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  owner_id     TEXT NOT NULL,
  pid          INTEGER NOT NULL,
  host         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('serve', 'scheduler', 'desktop', 'cli')),
  api_address  TEXT,
  taken_at     TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
`;
