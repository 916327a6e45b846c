// Connectors a user installs (`patchbay connector add`, the Connectors view) live in the
// workspace, so an exported workspace carries them and a colleague's PC runs them. The
// manifest is kept as the JSON it was installed from and validated again when loaded.
export const installedConnectorsSchema = `
CREATE TABLE installed_connectors (
  id           TEXT PRIMARY KEY,
  version      TEXT NOT NULL,
  manifest     TEXT NOT NULL,
  source       TEXT NOT NULL,
  installed_at TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
`;
