import type { SettingsStore } from '../services/repositories.ts';
import type { Db } from './open-database.ts';

/** Workspace settings as key → JSON value. */
export class SqliteSettings implements SettingsStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  get(key: string): unknown {
    const row = this.#db
      .prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
      .get(key);
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  set(key: string, value: unknown): void {
    this.#db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value));
  }
}
