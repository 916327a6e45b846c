import type { AppCircuit, CircuitKind, CircuitRepository } from '../services/repositories.ts';
import type { Db } from './open-database.ts';

interface CircuitRow {
  app_id: string;
  kind: CircuitKind;
  reason: string;
  opened_at: string;
  probes: number;
  paused_until: string | null;
}

const toCircuit = (row: CircuitRow): AppCircuit => ({
  appId: row.app_id,
  kind: row.kind,
  reason: row.reason,
  openedAt: row.opened_at,
  probes: row.probes,
  pausedUntil: row.paused_until,
});

/** Open circuits (apps whose flows Patchbay paused), kept across restarts. */
export class SqliteCircuitRepository implements CircuitRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  list(): AppCircuit[] {
    return this.#db
      .prepare<[], CircuitRow>('SELECT * FROM app_circuits ORDER BY opened_at')
      .all()
      .map(toCircuit);
  }

  get(appId: string): AppCircuit | undefined {
    const row = this.#db
      .prepare<[string], CircuitRow>('SELECT * FROM app_circuits WHERE app_id = ?')
      .get(appId);
    return row ? toCircuit(row) : undefined;
  }

  open(appId: string, kind: CircuitKind, reason: string, at: string, pausedUntil?: string): void {
    this.#db
      .prepare(
        `INSERT INTO app_circuits (app_id, kind, reason, opened_at, paused_until) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (app_id) DO UPDATE SET kind = excluded.kind, reason = excluded.reason,
           paused_until = excluded.paused_until`,
      )
      .run(appId, kind, reason, at, pausedUntil ?? null);
  }

  countProbe(appId: string): void {
    this.#db.prepare('UPDATE app_circuits SET probes = probes + 1 WHERE app_id = ?').run(appId);
  }

  close(appId: string): boolean {
    return this.#db.prepare('DELETE FROM app_circuits WHERE app_id = ?').run(appId).changes > 0;
  }
}
