import type { RunFilter, RunHistory, RunTimelineLine } from '../services/repositories.ts';
import type { Db } from './open-database.ts';
import type { Run } from '../contract/runs.ts';

interface RunRow {
  id: number;
  flow_id: string;
  flow_name: string;
  flow_deleted: 0 | 1;
  trigger: Run['trigger'];
  status: Run['status'];
  started_at: string;
  finished_at: string | null;
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  deleted: number;
  error: string | null;
}

const toRun = (r: RunRow): Run => ({
  id: r.id,
  flowId: r.flow_id,
  flowName: r.flow_name,
  flowDeleted: r.flow_deleted === 1,
  trigger: r.trigger,
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  counts: {
    read: r.read,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    failed: r.failed,
    ...(r.deleted > 0 ? { deleted: r.deleted } : {}),
  },
  error: r.error,
});

// A run of a deleted flow stays in the history under the name the flow had (0011).
const runColumns = `r.*, COALESCE(f.name, d.name, 'A deleted flow') AS flow_name, f.id IS NULL AS flow_deleted
  FROM runs r LEFT JOIN flows f ON f.id = r.flow_id LEFT JOIN deleted_flows d ON d.id = r.flow_id`;

/** Run history for people: filtered, paged, newest first, with each run's timeline. */
export class SqliteRunHistory implements RunHistory {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  list(filter: RunFilter): { items: Run[]; total: number } {
    const where = `WHERE (@flowId IS NULL OR r.flow_id = @flowId) AND (@status IS NULL OR r.status = @status)
      AND (@from IS NULL OR r.started_at >= @from) AND (@to IS NULL OR r.started_at < @to)`;
    const params = {
      flowId: filter.flowId ?? null,
      status: filter.status ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
    };
    const total = this.#db
      .prepare<typeof params, { n: number }>(`SELECT COUNT(*) AS n FROM runs r ${where}`)
      .get(params)!.n;
    const items = this.#db
      .prepare<typeof params & { limit: number; offset: number }, RunRow>(
        `SELECT ${runColumns} ${where}
         ORDER BY r.id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: filter.limit, offset: filter.offset })
      .map(toRun);
    return { items, total };
  }

  get(id: number): Run | undefined {
    const row = this.#db.prepare<[number], RunRow>(`SELECT ${runColumns} WHERE r.id = ?`).get(id);
    return row ? toRun(row) : undefined;
  }

  events(runId: number): RunTimelineLine[] {
    return this.#db
      .prepare<[number], RunTimelineLine>(
        'SELECT id, at, level, kind, message, record_id AS recordId FROM run_events WHERE run_id = ? ORDER BY id',
      )
      .all(runId);
  }

  /** Records written per day (created + updated), for the dashboard chart. */
  writtenPerDay(since: string): { day: string; records: number }[] {
    return this.#db
      .prepare<[string], { day: string; records: number }>(
        `SELECT substr(started_at, 1, 10) AS day, SUM(created + updated) AS records FROM runs
         WHERE started_at >= ? GROUP BY day ORDER BY day`,
      )
      .all(since);
  }

  writtenSince(since: string): number {
    return (
      this.#db
        .prepare<[string], { n: number | null }>(
          'SELECT SUM(created + updated) AS n FROM runs WHERE started_at >= ?',
        )
        .get(since)!.n ?? 0
    );
  }

  /** Each flow's latest finished run. */
  latestPerFlow(): Run[] {
    return this.#db
      .prepare<[], RunRow>(
        `SELECT ${runColumns}
         WHERE f.id IS NOT NULL AND r.id IN (SELECT MAX(id) FROM runs WHERE status != 'running' GROUP BY flow_id)`,
      )
      .all()
      .map(toRun);
  }
}
