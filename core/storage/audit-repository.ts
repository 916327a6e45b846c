import type { Db } from './open-database.ts';

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  subject?: string;
  detail?: unknown;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: string | null;
}

/** The append-only audit trail: who did what. Never holds secret values. */
export class SqliteAuditLog {
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
