// What Patchbay knows about each app's credential, never the credential itself (that
// stays in the OS keychain): its kind, when it was saved and replaced, when it last
// worked or was refused, and when it expires. Feeds the credential health list.
export const credentialsSchema = `
CREATE TABLE credentials (
  app_id           TEXT PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
  kind             TEXT CHECK (kind IN ('api_key', 'basic', 'oauth2', 'bearer')),
  created_at       TEXT NOT NULL,
  rotated_at       TEXT,
  last_used_at     TEXT,
  last_failed_at   TEXT,
  last_error_class TEXT,
  expires_at       TEXT
);
`;
