// Why an app's flows are paused by Patchbay itself (docs/architecture.md#when-something-fails): a
// refused credential or an app that stopped answering. One row per app while open.
export const appCircuitsSchema = `
CREATE TABLE app_circuits (
  app_id     TEXT PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('auth', 'unreachable')),
  reason     TEXT NOT NULL,
  opened_at  TEXT NOT NULL,
  probes     INTEGER NOT NULL DEFAULT 0
);
`;
