// A third reason Patchbay pauses an app's flows (issue 11): its daily budget of requests
// is used up (Xero's 5,000 a day). Such a pause ends by itself at `paused_until`, kept
// so a restart resumes the flows on time. SQLite cannot widen a CHECK in place: the
// table is rebuilt with its rows.
export const budgetCircuitsSchema = `
CREATE TABLE app_circuits_next (
  app_id       TEXT PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('auth', 'unreachable', 'budget')),
  reason       TEXT NOT NULL,
  opened_at    TEXT NOT NULL,
  probes       INTEGER NOT NULL DEFAULT 0,
  paused_until TEXT CHECK ((kind = 'budget') = (paused_until IS NOT NULL))
);
INSERT INTO app_circuits_next (app_id, kind, reason, opened_at, probes)
  SELECT app_id, kind, reason, opened_at, probes FROM app_circuits;
DROP TABLE app_circuits;
ALTER TABLE app_circuits_next RENAME TO app_circuits;
`;
