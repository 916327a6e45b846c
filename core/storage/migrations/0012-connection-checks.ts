// "Connected" was shown for any app with a connector, even one with no key, a refused
// key or an address that goes nowhere (issue 14). The last connection test's outcome is
// kept per app, so the inventory says what is known: connected (when), refused,
// unreachable, or not tested yet. One row per app; a new test replaces it.
export const connectionChecksSchema = `
CREATE TABLE connection_checks (
  app_id     TEXT PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
  outcome    TEXT NOT NULL CHECK (outcome IN ('connected', 'refused', 'unreachable', 'failing')),
  checked_at TEXT NOT NULL,
  message    TEXT NOT NULL
);
`;
