import type { InstalledConnectorRow, InstalledConnectors } from '../services/repositories.ts';
import type { Db } from './open-database.ts';

interface Row {
  id: string;
  version: string;
  manifest: string;
  source: string;
  installed_at: string;
  updated_at: string;
}

const toInstalled = (row: Row): InstalledConnectorRow => ({
  id: row.id,
  version: row.version,
  manifest: JSON.parse(row.manifest) as unknown,
  source: row.source,
  installedAt: row.installed_at,
  updatedAt: row.updated_at,
});

/** The connectors installed into this workspace (table `installed_connectors`). */
export class SqliteInstalledConnectors implements InstalledConnectors {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  list(): InstalledConnectorRow[] {
    return this.#db.prepare<[], Row>('SELECT * FROM installed_connectors ORDER BY id').all().map(toInstalled);
  }

  get(id: string): InstalledConnectorRow | undefined {
    const row = this.#db.prepare<[string], Row>('SELECT * FROM installed_connectors WHERE id = ?').get(id);
    return row ? toInstalled(row) : undefined;
  }

  put(row: Omit<InstalledConnectorRow, 'installedAt'> & { installedAt?: string }): void {
    this.#db
      .prepare(
        `INSERT INTO installed_connectors (id, version, manifest, source, installed_at, updated_at)
         VALUES (@id, @version, @manifest, @source, @installedAt, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, manifest = excluded.manifest,
           source = excluded.source, updated_at = excluded.updated_at`,
      )
      .run({
        id: row.id,
        version: row.version,
        manifest: JSON.stringify(row.manifest),
        source: row.source,
        installedAt: row.installedAt ?? row.updatedAt,
        updatedAt: row.updatedAt,
      });
  }

  delete(id: string): boolean {
    return this.#db.prepare('DELETE FROM installed_connectors WHERE id = ?').run(id).changes > 0;
  }
}
