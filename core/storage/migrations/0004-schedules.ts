// The scheduler's memory (core/scheduler): each flow's catch-up policy, the last
// scheduled slot it handled (so missed slots can be counted after the PC was off),
// and a log of what the scheduler decided (skipped, caught up, alerts).
export const schedulesSchema = `
ALTER TABLE flows ADD COLUMN catch_up TEXT NOT NULL DEFAULT 'once' CHECK (catch_up IN ('once', 'every', 'skip'));

CREATE TABLE schedule_slots (
  flow_id      TEXT PRIMARY KEY REFERENCES flows (id) ON DELETE CASCADE,
  schedule     TEXT NOT NULL,
  last_slot_at TEXT NOT NULL
);

CREATE TABLE schedule_log (
  id      INTEGER PRIMARY KEY,
  flow_id TEXT REFERENCES flows (id) ON DELETE CASCADE,
  at      TEXT NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('skipped', 'caught_up', 'missed', 'alert')),
  message TEXT NOT NULL
);
CREATE INDEX schedule_log_by_flow ON schedule_log (flow_id, id);
`;
