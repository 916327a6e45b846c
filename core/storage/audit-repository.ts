import type {
  AuditEntry,
  AuditHistory,
  AuditLog,
  AuditQuery,
  StoredAuditEntry,
} from '../services/repositories.ts';
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
export class SqliteAuditLog implements AuditLog, AuditHistory {
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

  list(
    filter: AuditQuery,
    page: { limit: number; offset: number },
  ): { items: StoredAuditEntry[]; total: number } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.actions) {
      where.push('action IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.actions));
    }
    if (filter.text) {
      // LIKE with its wildcards escaped: a search for "50%" finds "50%", not everything.
      where.push(
        "(action LIKE ? ESCAPE '\\' OR actor LIKE ? ESCAPE '\\' OR subject LIKE ? ESCAPE '\\' OR detail LIKE ? ESCAPE '\\' OR subject IN (SELECT value FROM json_each(?)))",
      );
      const like = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like, like, like, JSON.stringify(filter.textSubjects ?? []));
    }
    if (filter.since) {
      where.push('at >= ?');
      params.push(filter.since);
    }
    if (filter.until) {
      where.push('at < ?');
      params.push(filter.until);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.#db
      .prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM audit ${clause}`)
      .get(...params)!.n;
    const items = this.#db
      .prepare<unknown[], AuditRow>(
        `SELECT * FROM audit ${clause} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, page.limit, page.offset)
      .map((row) => ({ ...row, detail: parseDetail(row.detail) }));
    return { items, total };
  }
}

function parseDetail(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
