import type { Flow, ParsedFlowInput } from '../contract/flows.ts';
import type { FlowRepository } from '../services/repositories.ts';
import { unresolvedSql } from './failure-state-sql.ts';
import type { Db } from './open-database.ts';

interface FlowRow {
  id: string;
  name: string;
  source_app_id: string;
  source_entity: string;
  target_app_id: string;
  target_entity: string;
  mapping: string;
  match_key: string;
  write_mode: Flow['writeMode'];
  deleted_at_source: NonNullable<Flow['deletedAtSource']>;
  schedule: string | null;
  catch_up: Flow['catchUp'];
  enabled: 0 | 1;
  paused_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** Flows in SQLite; the mapping is stored as JSON and validated again when loaded. */
export class SqliteFlowRepository implements FlowRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  list(): Flow[] {
    return this.#db
      .prepare<[], FlowRow>('SELECT * FROM flows ORDER BY name COLLATE NOCASE')
      .all()
      .map(toFlow);
  }

  get(id: string): Flow | undefined {
    const row = this.#db.prepare<[string], FlowRow>('SELECT * FROM flows WHERE id = ?').get(id);
    return row ? toFlow(row) : undefined;
  }

  /** By id, or by name (case-insensitive) for the CLI. */
  find(idOrName: string): Flow | undefined {
    const row = this.#db
      .prepare<[string, string], FlowRow>(
        'SELECT * FROM flows WHERE id = ? OR name = ? COLLATE NOCASE LIMIT 1',
      )
      .get(idOrName, idOrName);
    return row ? toFlow(row) : undefined;
  }

  insert(id: string, input: ParsedFlowInput, at: string): void {
    this.#db
      .prepare(
        `INSERT INTO flows (id, name, source_app_id, source_entity, target_app_id, target_entity, mapping, match_key, write_mode, deleted_at_source, schedule, catch_up, enabled, created_at, updated_at)
         VALUES (@id, @name, @sourceAppId, @sourceEntity, @targetAppId, @targetEntity, @mapping, @matchKey, @writeMode, @deletedAtSource, @schedule, @catchUp, @enabled, @at, @at)`,
      )
      .run({ ...params(input), id, at });
  }

  update(id: string, input: ParsedFlowInput, at: string): void {
    this.#db
      .prepare(
        `UPDATE flows SET name = @name, source_app_id = @sourceAppId, source_entity = @sourceEntity, target_app_id = @targetAppId,
         target_entity = @targetEntity, mapping = @mapping, match_key = @matchKey, write_mode = @writeMode, deleted_at_source = @deletedAtSource, schedule = @schedule,
         catch_up = @catchUp, enabled = @enabled, updated_at = @at WHERE id = @id`,
      )
      .run({ ...params(input), id, at });
  }

  setEnabled(id: string, enabled: boolean, at: string): void {
    this.#db
      .prepare('UPDATE flows SET enabled = ?, updated_at = ? WHERE id = ?')
      .run(enabled ? 1 : 0, at, id);
  }

  setPaused(id: string, reason: string | null, at: string): void {
    this.#db.prepare('UPDATE flows SET paused_reason = ?, updated_at = ? WHERE id = ?').run(reason, at, id);
  }

  /** Pauses every flow that reads from or writes to an app. */
  pauseForApp(appId: string, reason: string, at: string): string[] {
    const ids = this.#db
      .prepare<[string, string], { id: string }>(
        'SELECT id FROM flows WHERE source_app_id = ? OR target_app_id = ?',
      )
      .all(appId, appId)
      .map((r) => r.id);
    for (const id of ids) this.setPaused(id, reason, at);
    return ids;
  }

  /** Called inside the service's transaction, with its audit line. */
  delete(id: string, at: string): boolean {
    const db = this.#db;
    db.prepare(
      `INSERT INTO deleted_flows (id, name, deleted_at) SELECT id, name, ? FROM flows WHERE id = ?
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, deleted_at = excluded.deleted_at`,
    ).run(at, id);
    db.prepare(
      `UPDATE failures SET state = 'ignored', next_attempt_at = NULL, updated_at = ?,
         note = COALESCE(note || ' ', '') || 'The flow was deleted, so nothing can retry this record.'
       WHERE flow_id = ? AND ${unresolvedSql}`,
    ).run(at, id);
    db.prepare('DELETE FROM create_attempts WHERE flow_id = ?').run(id);
    return db.prepare('DELETE FROM flows WHERE id = ?').run(id).changes > 0;
  }
}

function params(input: ParsedFlowInput) {
  return {
    name: input.name,
    sourceAppId: input.sourceAppId,
    sourceEntity: input.sourceEntity,
    targetAppId: input.targetAppId,
    targetEntity: input.targetEntity,
    mapping: JSON.stringify(input.mapping),
    matchKey: input.matchKey,
    writeMode: input.writeMode,
    deletedAtSource: input.deletedAtSource,
    schedule: input.schedule,
    catchUp: input.catchUp,
    enabled: input.enabled ? 1 : 0,
  };
}

function toFlow(row: FlowRow): Flow {
  return {
    id: row.id,
    name: row.name,
    sourceAppId: row.source_app_id,
    sourceEntity: row.source_entity,
    targetAppId: row.target_app_id,
    targetEntity: row.target_entity,
    mapping: JSON.parse(row.mapping) as Flow['mapping'],
    matchKey: row.match_key,
    writeMode: row.write_mode,
    ...(row.deleted_at_source === 'leave' ? {} : { deletedAtSource: row.deleted_at_source }),
    schedule: row.schedule,
    catchUp: row.catch_up,
    enabled: row.enabled === 1,
    pausedReason: row.paused_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
