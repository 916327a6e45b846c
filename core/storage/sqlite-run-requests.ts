import type { ErrorKind } from '../contract/errors.ts';
import type { RunRequestStore } from '../services/run-requests.ts';
import type { Db } from './open-database.ts';

/** `RunRequestStore` as the `run_requests` table (migration 0013). */
export class SqliteRunRequests implements RunRequestStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  ask(flowId: string, at: string): number {
    return Number(
      this.#db.prepare('INSERT INTO run_requests (flow_id, requested_at) VALUES (?, ?)').run(flowId, at)
        .lastInsertRowid,
    );
  }

  takeOpen(at: string, since: string): { id: number; flowId: string }[] {
    // IMMEDIATE: a request is taken by one process only.
    return this.#db
      .transaction(() =>
        this.#db
          .prepare<[string, string], { id: number; flowId: string }>(
            `UPDATE run_requests SET taken_at = ? WHERE taken_at IS NULL AND requested_at >= ?
             RETURNING id, flow_id AS flowId`,
          )
          .all(at, since),
      )
      .immediate();
  }

  finish(
    id: number,
    outcome: { result: string } | { errorKind: ErrorKind; error: string },
    at: string,
  ): void {
    const {
      result = null,
      errorKind = null,
      error = null,
    } = outcome as Partial<Record<'result' | 'errorKind' | 'error', string>>;
    this.#db
      .prepare('UPDATE run_requests SET finished_at = ?, result = ?, error_kind = ?, error = ? WHERE id = ?')
      .run(at, result, errorKind, error, id);
  }

  outcome(id: number) {
    const row = this.#db
      .prepare<
        [number],
        {
          takenAt: string | null;
          finishedAt: string | null;
          result: string | null;
          errorKind: string | null;
          error: string | null;
        }
      >(
        'SELECT taken_at AS takenAt, finished_at AS finishedAt, result, error_kind AS errorKind, error FROM run_requests WHERE id = ?',
      )
      .get(id);
    if (!row) return undefined;
    const { takenAt, finishedAt, ...rest } = row;
    return { taken: takenAt !== null, finished: finishedAt !== null, ...rest };
  }
}
