import type { RecordOutcome, RecordOutcomeKind } from '../engine/run-store.ts';
import type { RecordTrail, RecordTrails } from '../services/repositories.ts';
import type { Db } from './open-database.ts';

// Stored as small integers (0015-record-outcomes.ts): a row of three integers is the
// whole cost of one record in one run.
const codes: Record<RecordOutcomeKind, number> = {
  unchanged: 0,
  created: 1,
  updated: 2,
  failed: 3,
  deleted: 4,
};
const kinds = Object.fromEntries(Object.entries(codes).map(([k, v]) => [v, k])) as Record<
  number,
  RecordOutcomeKind
>;

/** What each run did with each record ("Find a record"), compact, in SQLite. */
export class SqliteRecordOutcomes implements RecordTrails {
  readonly #db: Db;
  readonly #statements;

  constructor(db: Db) {
    this.#db = db;
    this.#statements = {
      // One query for the page's records (json_each, as readLinks in sqlite-run-store.ts).
      readKeys: db.prepare<
        [string, string],
        { id: number; sourceId: string; key: string | null; targetId: string | null }
      >(
        `SELECT id, source_id AS sourceId, key, target_id AS targetId FROM record_keys
         WHERE flow_id = ? AND source_id IN (SELECT value FROM json_each(?))`,
      ),
      addKey: db.prepare<[string, string, string | null, string | null]>(
        'INSERT INTO record_keys (flow_id, source_id, key, target_id) VALUES (?, ?, ?, ?)',
      ),
      changeKey: db.prepare<[string | null, string | null, number]>(
        'UPDATE record_keys SET key = ?, target_id = ? WHERE id = ?',
      ),
      addOutcome: db.prepare<[number, number, number]>(
        `INSERT INTO record_outcomes (record_id, run_id, outcome) VALUES (?, ?, ?)
         ON CONFLICT (record_id, run_id) DO UPDATE SET outcome = excluded.outcome`,
      ),
    };
  }

  /** Adds a page's outcomes; called inside the page's transaction (sqlite-run-store.ts). */
  add(runId: number, flowId: string, outcomes: readonly RecordOutcome[]): void {
    const s = this.#statements;
    if (outcomes.length === 0) return;
    const page = s.readKeys.all(flowId, JSON.stringify(outcomes.map((o) => o.sourceId)));
    const keys = new Map(page.map((row) => [row.sourceId, row]));
    for (const o of outcomes) {
      const known = keys.get(o.sourceId);
      const key = o.key ?? known?.key ?? null;
      const targetId = o.targetId ?? known?.targetId ?? null;
      let id: number;
      if (known) {
        id = known.id;
        if (known.key !== key || known.targetId !== targetId) s.changeKey.run(key, targetId, id);
      } else id = Number(s.addKey.run(flowId, o.sourceId, key, targetId).lastInsertRowid);
      // A record a source listed twice in one page is one record.
      keys.set(o.sourceId, { id, sourceId: o.sourceId, key, targetId });
      s.addOutcome.run(id, runId, codes[o.outcome]);
    }
  }

  flowName(flowId: string): { name: string; deleted: boolean } {
    const row = this.#db
      .prepare<{ id: string }, { name: string; deleted: 0 | 1 }>(
        `SELECT name, 0 AS deleted FROM flows WHERE id = @id
         UNION ALL SELECT name, 1 FROM deleted_flows WHERE id = @id LIMIT 1`,
      )
      .get({ id: flowId });
    return row ? { name: row.name, deleted: row.deleted === 1 } : { name: 'A deleted flow', deleted: true };
  }

  /**
   * Records whose match-key value or id (in the source or the target) is `query`, and
   * records with a failure whose source id is `query` or whose snapshot holds it as a
   * whole value, with what each run did to them, newest first.
   */
  find(query: string, limit: number): RecordTrail[] {
    const keys = this.#db
      .prepare<
        { q: string; quoted: string; limit: number },
        { id: number | null; flowId: string; sourceId: string; key: string | null; targetId: string | null }
      >(
        `SELECT k.id, k.flow_id AS flowId, k.source_id AS sourceId, k.key, k.target_id AS targetId
           FROM record_keys k WHERE k.key = @q
         UNION
         SELECT k.id, k.flow_id, k.source_id, k.key, k.target_id
           FROM record_keys k WHERE k.source_id = @q OR k.target_id = @q
         UNION
         SELECT k.id, f.flow_id, f.source_record_id, k.key, k.target_id
           FROM failures f LEFT JOIN record_keys k ON k.flow_id = f.flow_id AND k.source_id = f.source_record_id
           WHERE f.source_record_id = @q OR instr(lower(f.payload), lower(@quoted)) > 0
         LIMIT @limit`,
      )
      .all({ q: query, quoted: JSON.stringify(query), limit });
    const runsOf = this.#db.prepare<
      [number],
      { runId: number; startedAt: string; trigger: RecordTrail['runs'][number]['trigger']; outcome: number }
    >(
      `SELECT o.run_id AS runId, r.started_at AS startedAt, r.trigger, o.outcome
         FROM record_outcomes o JOIN runs r ON r.id = o.run_id
        WHERE o.record_id = ? ORDER BY o.run_id DESC`,
    );
    return keys.map((k) => ({
      flowId: k.flowId,
      sourceRecordId: k.sourceId,
      key: k.key,
      targetRecordId: k.targetId,
      runs: k.id === null ? [] : runsOf.all(k.id).map((r) => ({ ...r, outcome: kinds[r.outcome]! })),
    }));
  }
}
