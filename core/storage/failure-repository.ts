import { isSyncErrorClass } from '../contract/sync-errors.ts';
import { failureExplanation } from '../reliability/error-classes.ts';
import type { Failure, FailureFilter } from '../contract/flows.ts';
import { unresolvedFailureStates, type ClosedFailureState } from '../failures/failure-states.ts';
import { unresolvedSql } from './failure-state-sql.ts';
import type { FailureRepository } from '../services/repositories.ts';
import type { Db } from './open-database.ts';

interface FailureRow {
  id: number;
  flow_id: string;
  run_id: number | null;
  source_record_id: string;
  payload: string;
  error_class: string;
  message: string;
  attempts: number;
  next_attempt_at: string | null;
  state: Failure['state'];
  note: string | null;
  assignee: string | null;
  created_at: string;
  updated_at: string;
}

/** The failure queue in SQLite: paged reads and the manual state changes. */
export class SqliteFailureRepository implements FailureRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Rows as failures, each with its flow's name: history outlives flows (migration 0014),
   * so a deleted flow's failures keep the name it had, from deleted_flows.
   */
  #named(rows: readonly FailureRow[]): Failure[] {
    if (rows.length === 0) return [];
    const names = new Map(
      this.#db
        .prepare<{ ids: string }, { id: string; name: string; deleted: 0 | 1 }>(
          `SELECT id, name, 0 AS deleted FROM flows WHERE id IN (SELECT value FROM json_each(@ids))
           UNION ALL
           SELECT id, name, 1 FROM deleted_flows
            WHERE id IN (SELECT value FROM json_each(@ids)) AND id NOT IN (SELECT id FROM flows)`,
        )
        .all({ ids: JSON.stringify([...new Set(rows.map((r) => r.flow_id))]) })
        .map((n) => [n.id, n]),
    );
    return rows.map((row) => toFailure(row, names.get(row.flow_id)));
  }

  list(filter: FailureFilter): { items: Failure[]; total: number } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.flowId !== undefined) {
      where.push('flow_id = ?');
      params.push(filter.flowId);
    }
    if (filter.runId !== undefined) {
      where.push('run_id = ?');
      params.push(filter.runId);
    }
    if (filter.assignee === null) where.push('assignee IS NULL');
    else if (filter.assignee !== undefined) {
      where.push('assignee = ?');
      params.push(filter.assignee);
    }
    const states = filter.states ?? unresolvedFailureStates;
    where.push(`state IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(states));
    const clause = `WHERE ${where.join(' AND ')}`;
    const total = this.#db
      .prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM failures ${clause}`)
      .get(...params)!.n;
    // Pick the page's ids first (from an index), then read just those rows: sorting whole
    // rows with their payload snapshots made a page of 100,000 failures take half a second.
    const rows = this.#db
      .prepare<unknown[], FailureRow>(
        `SELECT * FROM failures WHERE id IN
           (SELECT id FROM failures ${clause} ORDER BY id DESC LIMIT ? OFFSET ?)
         ORDER BY id DESC`,
      )
      .all(...params, filter.limit, filter.offset);
    return { items: this.#named(rows), total };
  }

  getMany(ids: readonly number[]): Failure[] {
    return this.#named(
      this.#db
        .prepare<[string], FailureRow>(
          'SELECT * FROM failures WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
        )
        .all(JSON.stringify(ids)),
    );
  }

  /** Unresolved failures of one run, oldest first. */
  unresolvedOfRun(runId: number): Failure[] {
    return this.#named(
      this.#db
        .prepare<[number], FailureRow>(
          `SELECT * FROM failures WHERE run_id = ?
         AND ${unresolvedSql} ORDER BY id`,
        )
        .all(runId),
    );
  }

  /** Unresolved failures of a flow, oldest first. */
  unresolvedOf(flowId: string): Failure[] {
    return this.#named(
      this.#db
        .prepare<[string], FailureRow>(
          `SELECT * FROM failures WHERE flow_id = ?
         AND ${unresolvedSql} ORDER BY id`,
        )
        .all(flowId),
    );
  }

  /** Open failures whose next attempt has come, soonest first (core/failures/due-failures.ts). */
  due(now: string, limit: number): Failure[] {
    return this.#named(
      this.#db
        .prepare<[string, number], FailureRow>(
          "SELECT * FROM failures WHERE state = 'open' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
        )
        .all(now, limit),
    );
  }

  ofRecord(flowId: string, sourceRecordId: string): Failure[] {
    return this.#named(
      this.#db
        .prepare<[string, string], FailureRow>(
          'SELECT * FROM failures WHERE flow_id = ? AND source_record_id = ? ORDER BY id DESC',
        )
        .all(flowId, sourceRecordId),
    );
  }

  unresolvedPerFlow(): Map<string, number> {
    const rows = this.#db
      .prepare<[], { flowId: string; n: number }>(
        // The partial index holds only unresolved failures, in flow order: with 100,000 of
        // them the planner's own choice (state, then each row) took 10–20× longer, and the
        // dashboard waits for this (bench/failures-view-bench.ts).
        `SELECT flow_id AS flowId, COUNT(*) AS n FROM failures INDEXED BY failures_one_unresolved
         WHERE ${unresolvedSql} GROUP BY flow_id`,
      )
      .all();
    return new Map(rows.map((r) => [r.flowId, r.n]));
  }

  get(id: number): Failure | undefined {
    const row = this.#db.prepare<[number], FailureRow>('SELECT * FROM failures WHERE id = ?').get(id);
    return row && this.#named([row])[0];
  }

  assign(ids: readonly number[], assignee: string | null, at: string): number {
    return this.#db
      .prepare(
        'UPDATE failures SET assignee = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))',
      )
      .run(assignee, at, JSON.stringify(ids)).changes;
  }

  annotate(ids: readonly number[], note: string | null, at: string): number {
    return this.#db
      .prepare('UPDATE failures SET note = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))')
      .run(note, at, JSON.stringify(ids)).changes;
  }

  /** Keeps the values a person corrected the record with, for the next edit. */
  saveEdit(id: number, values: Record<string, unknown>): void {
    this.#db.prepare('UPDATE failures SET edited_values = ? WHERE id = ?').run(JSON.stringify(values), id);
  }

  editOf(id: number): Record<string, unknown> {
    const row = this.#db
      .prepare<[number], { edited_values: string | null }>('SELECT edited_values FROM failures WHERE id = ?')
      .get(id);
    return row?.edited_values ? (JSON.parse(row.edited_values) as Record<string, unknown>) : {};
  }

  /** Every name failures were ever assigned to, most used first. */
  assignees(): string[] {
    return this.#db
      .prepare<[], { assignee: string }>(
        'SELECT assignee FROM failures WHERE assignee IS NOT NULL GROUP BY assignee ORDER BY COUNT(*) DESC, assignee LIMIT 200',
      )
      .all()
      .map((r) => r.assignee);
  }

  close(ids: readonly number[], state: ClosedFailureState, note: string, at: string): number {
    return this.#db
      .prepare(
        `UPDATE failures SET state = ?, note = ?, next_attempt_at = NULL, updated_at = ?
         WHERE id IN (SELECT value FROM json_each(?)) AND ${unresolvedSql}`,
      )
      .run(state, note, at, JSON.stringify(ids)).changes;
  }
}

function toFailure(row: FailureRow, flow: { name: string; deleted: 0 | 1 } | undefined): Failure {
  // Rows hold the classes the engine writes; one from a newer Patchbay reads as internal.
  const errorClass = isSyncErrorClass(row.error_class) ? row.error_class : 'internal';
  return {
    id: row.id,
    flowId: row.flow_id,
    // A flow deleted before Patchbay kept names (migration 0014) has none.
    flowName: flow?.name ?? null,
    flowDeleted: flow?.deleted !== 0,
    runId: row.run_id,
    sourceRecordId: row.source_record_id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    errorClass,
    explanation: failureExplanation(errorClass),
    message: row.message,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    state: row.state,
    note: row.note,
    assignee: row.assignee,
    // Filled in by the service, which knows the apps and their connectors.
    sourceLink: null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
