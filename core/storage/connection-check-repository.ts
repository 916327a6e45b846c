import type { CheckOutcome } from '../contract/connections.ts';
import type { ConnectionCheck, ConnectionChecks } from '../services/repositories.ts';
import type { Db } from './open-database.ts';

interface CheckRow {
  app_id: string;
  outcome: CheckOutcome;
  checked_at: string;
  message: string;
}

/** The last connection test per app in SQLite (table `connection_checks`). */
export class SqliteConnectionChecks implements ConnectionChecks {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  record(check: ConnectionCheck): void {
    this.#db
      .prepare(
        `INSERT INTO connection_checks (app_id, outcome, checked_at, message) VALUES (?, ?, ?, ?)
         ON CONFLICT (app_id) DO UPDATE SET outcome = excluded.outcome, checked_at = excluded.checked_at,
           message = excluded.message`,
      )
      .run(check.appId, check.outcome, check.checkedAt, check.message);
  }

  list(): ConnectionCheck[] {
    return this.#db
      .prepare<[], CheckRow>('SELECT * FROM connection_checks')
      .all()
      .map((row) => ({
        appId: row.app_id,
        outcome: row.outcome,
        checkedAt: row.checked_at,
        message: row.message,
      }));
  }
}
