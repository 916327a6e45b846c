import type { RecordOutcome, RecordOutcomeKind } from '../engine/run-store.ts';
import type { RecordTrail, RecordTrails } from '../services/repositories.ts';
import type { Db } from './open-database.ts';
import { merged, readIds, spansOf, type Span } from './outcome-spans.ts';

// Stored as one byte per record per run, in spans (0016-outcome-spans.ts).
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
      // One statement per page, not one per record: a run of 100,000 records made
      // 100,000 calls into SQLite (bench/outcomes-bench.ts).
      addKeys: db.prepare<[string, string], { id: number; sourceId: string }>(
        `INSERT INTO record_keys (flow_id, source_id, key, target_id)
         SELECT ?, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)
         RETURNING id, source_id AS sourceId`,
      ),
      changeKey: db.prepare<[string | null, string | null, number]>(
        'UPDATE record_keys SET key = ?, target_id = ? WHERE id = ?',
      ),
      // A run's spans never overlap: those reaching into a new one are merged with it.
      spansBefore: db.prepare<[number, number], { firstId: number; outcomes: Buffer }>(
        `SELECT first_id AS firstId, outcomes FROM record_outcome_spans
          WHERE run_id = ? AND first_id <= ? ORDER BY first_id DESC`,
      ),
      spanBefore: db.prepare<[number, number], { firstId: number; outcomes: Buffer }>(
        `SELECT first_id AS firstId, outcomes FROM record_outcome_spans
          WHERE run_id = ? AND first_id <= ? ORDER BY first_id DESC LIMIT 1`,
      ),
      dropSpan: db.prepare<[number, number]>(
        'DELETE FROM record_outcome_spans WHERE run_id = ? AND first_id = ?',
      ),
      addSpan: db.prepare<[number, number, Buffer]>(
        'INSERT INTO record_outcome_spans (run_id, first_id, outcomes) VALUES (?, ?, ?)',
      ),
    };
  }

  /** Adds a page's outcomes; called inside the page's transaction (sqlite-run-store.ts). */
  add(runId: number, flowId: string, outcomes: readonly RecordOutcome[]): void {
    const s = this.#statements;
    if (outcomes.length === 0) return;
    const known = new Map<string, { id: number; key: string | null; targetId: string | null }>();
    for (const row of s.readKeys.all(flowId, JSON.stringify(outcomes.map((o) => o.sourceId))))
      known.set(row.sourceId, row);
    // A record a source listed twice in one page is one record: its last word counts.
    let fresh: Map<string, { key: string | null; targetId: string | null }> | undefined;
    for (const o of outcomes) {
      const row = known.get(o.sourceId);
      if (row) {
        const key = o.key ?? row.key;
        const targetId = o.targetId ?? row.targetId;
        if (key === row.key && targetId === row.targetId) continue;
        s.changeKey.run(key, targetId, row.id);
        Object.assign(row, { key, targetId });
        continue;
      }
      fresh ??= new Map();
      const was = fresh.get(o.sourceId);
      fresh.set(o.sourceId, {
        key: o.key ?? was?.key ?? null,
        targetId: o.targetId ?? was?.targetId ?? null,
      });
    }
    if (fresh)
      for (const row of s.addKeys.all(
        flowId,
        JSON.stringify([...fresh].map(([sourceId, k]) => [sourceId, k.key, k.targetId])),
      ))
        known.set(row.sourceId, { id: row.id, key: null, targetId: null });
    const codesById = new Map<number, number>();
    for (const o of outcomes) codesById.set(known.get(o.sourceId)!.id, codes[o.outcome]);
    for (const span of spansOf(codesById)) this.#addSpan(runId, span);
  }

  #addSpan(runId: number, span: Span): void {
    const s = this.#statements;
    const last = span.firstId + span.outcomes.length - 1;
    const reaches = (row: Span) => row.firstId + row.outcomes.length > span.firstId;
    const reaching: Span[] = [];
    // Usually the run's nearest span ends before this one starts: one look settles it.
    const nearest = s.spanBefore.get(runId, last);
    if (nearest && reaches(nearest))
      // Newest first: once one ends before this span starts, every earlier one does too.
      for (const row of s.spansBefore.iterate(runId, last)) {
        if (!reaches(row)) break;
        reaching.unshift(row);
      }
    for (const old of reaching) s.dropSpan.run(runId, old.firstId);
    const whole = reaching.length === 0 ? span : merged([...reaching, span]);
    s.addSpan.run(
      runId,
      whole.firstId,
      Buffer.from(whole.outcomes.buffer, whole.outcomes.byteOffset, whole.outcomes.length),
    );
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
    // One seek per run of the record's flow: the span of that run starting at or before
    // the record's id, and the record's byte in it (0016-outcome-spans.ts).
    const runsOf = this.#db.prepare<
      { record: number; flowId: string },
      {
        runId: number;
        startedAt: string;
        trigger: RecordTrail['runs'][number]['trigger'];
        code: Buffer | null;
      }
    >(
      `SELECT r.id AS runId, r.started_at AS startedAt, r.trigger,
              (SELECT substr(s.outcomes, @record - s.first_id + 1, 1) FROM record_outcome_spans s
                WHERE s.run_id = r.id AND s.first_id <= @record
                ORDER BY s.first_id DESC LIMIT 1) AS code
         FROM runs r WHERE r.flow_id = @flowId ORDER BY r.id DESC`,
    );
    const trailOf = (record: number, flowId: string) =>
      runsOf.all({ record, flowId }).flatMap(({ code, ...run }) => {
        const outcome = code?.length === 1 ? kinds[code[0]!] : undefined;
        return outcome ? [{ ...run, outcome }] : [];
      });
    return keys.map((k) => ({
      flowId: k.flowId,
      sourceRecordId: k.sourceId,
      key: k.key,
      targetRecordId: k.targetId,
      runs: k.id === null ? [] : trailOf(k.id, k.flowId),
    }));
  }
}

/**
 * Forgets what pruned runs did (history-pruner.ts, inside its transaction): their spans,
 * and each record no run left in the history read. Only records the pruned runs read can
 * be forgotten; the remaining runs of their flows are read newest first, and a flow that
 * reads every record each run clears them all with its newest run.
 */
export function forgetOutcomesOf(db: Db, runs: readonly { id: number; flowId: string }[]): void {
  if (runs.length === 0) return;
  const runIds = JSON.stringify(runs.map((r) => r.id));
  const spansOfRuns = (sql: string, arg: string) =>
    db.prepare<[string], { firstId: number; outcomes: Buffer }>(sql).iterate(arg);
  const unread = new Set<number>();
  for (const span of spansOfRuns(
    'SELECT first_id AS firstId, outcomes FROM record_outcome_spans WHERE run_id IN (SELECT value FROM json_each(?))',
    runIds,
  ))
    for (const id of readIds(span)) unread.add(id);
  db.prepare('DELETE FROM record_outcome_spans WHERE run_id IN (SELECT value FROM json_each(?))').run(runIds);
  if (unread.size === 0) return;
  for (const span of spansOfRuns(
    `SELECT first_id AS firstId, outcomes FROM record_outcome_spans
      WHERE run_id IN (SELECT id FROM runs WHERE flow_id IN (SELECT value FROM json_each(?)))
      ORDER BY run_id DESC`,
    JSON.stringify([...new Set(runs.map((r) => r.flowId))]),
  )) {
    for (const id of readIds(span)) unread.delete(id);
    if (unread.size === 0) break;
  }
  if (unread.size > 0)
    db.prepare('DELETE FROM record_keys WHERE id IN (SELECT value FROM json_each(?))').run(
      JSON.stringify([...unread]),
    );
}
