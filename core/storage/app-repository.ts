import type { App, AppCategory, Criticality, Entity } from '../contract/apps.ts';
import { connectorKinds, type ConnectorKind } from '../contract/connectors.ts';
import type { AppRecord, AppRepository } from '../services/repositories.ts';
import type { Db } from './open-database.ts';

interface AppRow {
  id: string;
  name: string;
  vendor: string;
  category: AppCategory;
  owner: string;
  criticality: Criticality;
  notes: string;
  connector_kind: string | null;
  connector_id: string | null;
  connector_config: string;
  created_at: string;
  updated_at: string;
}

interface EntityRow {
  app_id: string;
  name: string;
  system_of_record: 0 | 1;
}

function appParams(app: Omit<AppRecord, 'createdAt'> & { createdAt?: string }) {
  const { connector, ...fields } = app;
  return {
    ...fields,
    connectorKind: connector?.kind ?? null,
    connectorId: connector?.connector ?? null,
    connectorConfig: JSON.stringify(connector?.config ?? {}),
  };
}

/** Apps and their entities in SQLite. Callers own transactions. */
export class SqliteAppRepository implements AppRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  list(): App[] {
    const rows = this.#db.prepare<[], AppRow>('SELECT * FROM apps ORDER BY name COLLATE NOCASE').all();
    const entities = this.#db
      .prepare<[], EntityRow>('SELECT app_id, name, system_of_record FROM entities ORDER BY app_id, position')
      .all();
    const byApp = new Map<string, Entity[]>();
    for (const row of entities) {
      const list = byApp.get(row.app_id) ?? [];
      list.push(toEntity(row));
      byApp.set(row.app_id, list);
    }
    return rows.map((row) => toApp(row, byApp.get(row.id) ?? []));
  }

  get(id: string): App | undefined {
    const row = this.#db.prepare<[string], AppRow>('SELECT * FROM apps WHERE id = ?').get(id);
    if (!row) return undefined;
    const entities = this.#db
      .prepare<[string], EntityRow>(
        'SELECT app_id, name, system_of_record FROM entities WHERE app_id = ? ORDER BY position',
      )
      .all(id);
    return toApp(row, entities.map(toEntity));
  }

  findIdByName(name: string): string | undefined {
    return this.#db.prepare<[string], { id: string }>('SELECT id FROM apps WHERE name = ?').get(name)?.id;
  }

  /** The app that is system of record for an entity name, if any. */
  systemOfRecordHolder(entityName: string): { appId: string; appName: string } | undefined {
    return this.#db
      .prepare<[string], { appId: string; appName: string }>(
        `SELECT a.id AS appId, a.name AS appName FROM entities e JOIN apps a ON a.id = e.app_id
         WHERE e.name = ? AND e.system_of_record = 1`,
      )
      .get(entityName);
  }

  flowCount(appId: string): number {
    return this.#db
      .prepare<[string, string], { n: number }>(
        'SELECT COUNT(*) AS n FROM flows WHERE source_app_id = ? OR target_app_id = ?',
      )
      .get(appId, appId)!.n;
  }

  insert(app: AppRecord): void {
    this.#db
      .prepare(
        `INSERT INTO apps (id, name, vendor, category, owner, criticality, notes, connector_kind, connector_id, connector_config, created_at, updated_at)
         VALUES (@id, @name, @vendor, @category, @owner, @criticality, @notes, @connectorKind, @connectorId, @connectorConfig, @createdAt, @updatedAt)`,
      )
      .run(appParams(app));
  }

  update(app: Omit<AppRecord, 'createdAt'>): void {
    this.#db
      .prepare(
        `UPDATE apps SET name = @name, vendor = @vendor, category = @category, owner = @owner,
         criticality = @criticality, notes = @notes, connector_kind = @connectorKind,
         connector_id = @connectorId, connector_config = @connectorConfig, updated_at = @updatedAt WHERE id = @id`,
      )
      .run(appParams(app));
  }

  replaceEntities(appId: string, entities: readonly Entity[]): void {
    this.#db.prepare('DELETE FROM entities WHERE app_id = ?').run(appId);
    const insert = this.#db.prepare(
      'INSERT INTO entities (app_id, position, name, system_of_record) VALUES (?, ?, ?, ?)',
    );
    entities.forEach((entity, position) =>
      insert.run(appId, position, entity.name, entity.systemOfRecord ? 1 : 0),
    );
  }

  delete(id: string): boolean {
    return this.#db.prepare('DELETE FROM apps WHERE id = ?').run(id).changes > 0;
  }

  count(): number {
    return this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM apps').get()!.n;
  }
}

function isConnectorKind(kind: string | null): kind is ConnectorKind {
  return (connectorKinds as readonly (string | null)[]).includes(kind);
}

function toEntity(row: EntityRow): Entity {
  return { name: row.name, systemOfRecord: row.system_of_record === 1 };
}

function toApp(row: AppRow, entities: Entity[]): App {
  return {
    id: row.id,
    name: row.name,
    vendor: row.vendor,
    category: row.category,
    owner: row.owner,
    criticality: row.criticality,
    notes: row.notes,
    entities,
    connector:
      isConnectorKind(row.connector_kind) && row.connector_id !== null
        ? {
            kind: row.connector_kind,
            connector: row.connector_id,
            config: JSON.parse(row.connector_config) as Record<string, string>,
          }
        : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
