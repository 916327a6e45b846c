import type { CredentialKind } from '../contract/credentials.ts';
import type { CredentialRecord, CredentialRepository } from '../services/repositories.ts';
import type { Db } from './open-database.ts';

interface CredentialRow {
  app_id: string;
  kind: CredentialKind | null;
  created_at: string;
  rotated_at: string | null;
  last_used_at: string | null;
  last_failed_at: string | null;
  last_error_class: string | null;
  expires_at: string | null;
}

const toRecord = (row: CredentialRow): CredentialRecord => ({
  appId: row.app_id,
  kind: row.kind,
  createdAt: row.created_at,
  rotatedAt: row.rotated_at,
  lastUsedAt: row.last_used_at,
  lastFailedAt: row.last_failed_at,
  lastErrorClass: row.last_error_class,
  expiresAt: row.expires_at,
});

/** Credential metadata per app in SQLite (table `credentials`). */
export class SqliteCredentialRepository implements CredentialRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  list(): CredentialRecord[] {
    return this.#db.prepare<[], CredentialRow>('SELECT * FROM credentials').all().map(toRecord);
  }

  get(appId: string): CredentialRecord | undefined {
    const row = this.#db
      .prepare<[string], CredentialRow>('SELECT * FROM credentials WHERE app_id = ?')
      .get(appId);
    return row ? toRecord(row) : undefined;
  }

  /**
   * A credential was saved: the first one is created, a later one rotates it. A new
   * credential has not been used or refused yet.
   */
  saved(appId: string, kind: CredentialKind | null, at: string, expiresAt: string | null): void {
    this.#db
      .prepare(
        `INSERT INTO credentials (app_id, kind, created_at, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (app_id) DO UPDATE SET kind = excluded.kind, rotated_at = excluded.created_at,
           last_used_at = NULL, last_failed_at = NULL, last_error_class = NULL, expires_at = excluded.expires_at`,
      )
      .run(appId, kind, at, expiresAt);
  }

  /** When the credential expires (null: it does not, or nobody knows). */
  expires(appId: string, expiresAt: string | null): void {
    this.#db.prepare('UPDATE credentials SET expires_at = ? WHERE app_id = ?').run(expiresAt, appId);
  }

  // Upserts: a key saved before Patchbay kept these facts (a workspace upgraded to
  // schema 5) has no row yet, and its first use or refusal must still be recorded.
  used(appId: string, at: string): void {
    this.#db
      .prepare(
        `INSERT INTO credentials (app_id, created_at, last_used_at) VALUES (?, ?, ?)
         ON CONFLICT (app_id) DO UPDATE SET last_used_at = excluded.last_used_at`,
      )
      .run(appId, at, at);
  }

  failed(appId: string, at: string, errorClass: string): void {
    this.#db
      .prepare(
        `INSERT INTO credentials (app_id, created_at, last_failed_at, last_error_class) VALUES (?, ?, ?, ?)
         ON CONFLICT (app_id) DO UPDATE SET last_failed_at = excluded.last_failed_at,
           last_error_class = excluded.last_error_class`,
      )
      .run(appId, at, at, errorClass);
  }

  /** True when a row was removed. */
  remove(appId: string): boolean {
    return this.#db.prepare('DELETE FROM credentials WHERE app_id = ?').run(appId).changes > 0;
  }
}
