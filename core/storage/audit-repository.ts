import type { AuditEntry, AuditLog } from '../services/repositories.ts';
import type { Db } from './open-database.ts';

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: string | null;
}

/** The append-only audit trail: who did what. Never holds secret values. */
export class SqliteAuditLog implements AuditLog {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  append(entry: AuditEntry): void {
    this.#db
      .prepare('INSERT INTO audit (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)')
      .run(
        entry.at,
        entry.actor,
        entry.action,
        entry.subject ?? null,
        entry.detail === undefined ? null : JSON.stringify(entry.detail),
      );
  }

  recent(limit = 100): AuditRow[] {
    return this.#db.prepare<[number], AuditRow>('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit);
  }
}
