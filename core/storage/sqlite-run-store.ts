import type {
  Checkpoint,
  PageCommit,
  RecordLink,
  RunEventWrite,
  RunStatus,
  RunTrigger,
} from '../engine/run-store.ts';
import { nextAttemptAt } from '../failures/retry-schedule.ts';
import { unresolvedSql } from './failure-state-sql.ts';
import type { SyncRunStore } from '../services/repositories.ts';
import type { Db } from './open-database.ts';
import { SqliteRecordOutcomes } from './record-outcome-repository.ts';

export interface SqliteRunStoreOptions {
  /** Throws when this process may no longer save pages (it lost the workspace's lease). */
  readonly fence?: () => void;
}

/** The engine's `RunStore` on SQLite: each page commits in one transaction. */
export class SqliteRunStore implements SyncRunStore {
  readonly #db: Db;
  readonly #fence: () => void;
  readonly #statements;
  readonly #outcomes: SqliteRecordOutcomes;

  constructor(db: Db, options: SqliteRunStoreOptions = {}) {
    this.#db = db;
    this.#outcomes = new SqliteRecordOutcomes(db);
    this.#fence = options.fence ?? (() => {});
    this.#statements = {
      // Run numbers come from a counter that only grows (0011): a deleted or pruned
      // newest run never hands its number to the next one.
      nextRunNumber: db.prepare<[], { last: number }>(
        'UPDATE run_numbers SET last = last + 1 RETURNING last',
      ),
      startRun: db.prepare(
        "INSERT INTO runs (id, flow_id, trigger, status, started_at) VALUES (?, ?, ?, 'running', ?)",
      ),
      // One statement per page, not one per record (as addKeys in record-outcome-repository.ts).
      noteCreateAttempts: db.prepare<[string, string]>(
        'INSERT OR IGNORE INTO create_attempts (flow_id, source_id) SELECT ?, value FROM json_each(?)',
      ),
      readCreateAttempts: db.prepare<[string, string], { sourceId: string }>(
        `SELECT source_id AS sourceId FROM create_attempts
         WHERE flow_id = ? AND source_id IN (SELECT value FROM json_each(?))`,
      ),
      deleteLink: db.prepare('DELETE FROM record_links WHERE flow_id = ? AND source_id = ?'),
      // The last outcome each record had in a run that read it (0016-outcome-spans.ts: one
      // byte per record, 255 not read); 4 is "deleted at source".
      readDeleted: db.prepare<[string, string], { sourceId: string }>(
        `SELECT k.source_id AS sourceId FROM record_keys k
         WHERE k.flow_id = ? AND k.source_id IN (SELECT value FROM json_each(?))
           AND (SELECT hex(substr(s.outcomes, k.id - s.first_id + 1, 1)) AS code
                  FROM runs r JOIN record_outcome_spans s ON s.run_id = r.id
                 WHERE r.flow_id = k.flow_id AND s.first_id <= k.id AND k.id < s.first_id + length(s.outcomes)
                   AND code <> 'FF'
                 ORDER BY r.id DESC LIMIT 1) = '04'`,
      ),
      // Found through the partial index failures_one_unresolved (see failure-state-sql.ts).
      readWaiting: db.prepare<[string, string], { sourceId: string; payload: string }>(
        `SELECT source_record_id AS sourceId, payload FROM failures
         WHERE flow_id = ? AND source_record_id IN (SELECT value FROM json_each(?)) AND ${unresolvedSql}`,
      ),
      endCreateAttempts: db.prepare<[string, string]>(
        'DELETE FROM create_attempts WHERE flow_id = ? AND source_id IN (SELECT value FROM json_each(?))',
      ),
      readCursor: db.prepare<[string], { value: string }>('SELECT value FROM cursors WHERE flow_id = ?'),
      writeCursor: db.prepare(
        'INSERT INTO cursors (flow_id, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (flow_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      ),
      // A page's links in one statement; json_each keeps their order, so a record listed
      // twice keeps its last link. (`WHERE true` tells SQLite's parser the ON is the upsert's.)
      upsertLinks: db.prepare<[string, string, string]>(
        `INSERT INTO record_links (flow_id, source_id, target_id, content_hash, synced_at)
         SELECT ?, value ->> 0, value ->> 1, value ->> 2, ? FROM json_each(?) WHERE true
         ON CONFLICT (flow_id, source_id) DO UPDATE SET target_id = excluded.target_id, content_hash = excluded.content_hash, synced_at = excluded.synced_at`,
      ),
      // Found through the partial index failures_one_unresolved (see failure-state-sql.ts).
      openFailure: db.prepare<[string, string], { id: number; attempts: number }>(
        `SELECT id, attempts FROM failures WHERE flow_id = ? AND source_record_id = ? AND ${unresolvedSql}`,
      ),
      openFailures: db.prepare<[string, string], { id: number }>(
        `SELECT id FROM failures
         WHERE flow_id = ? AND source_record_id IN (SELECT value FROM json_each(?)) AND ${unresolvedSql}`,
      ),
      addFailure: db.prepare(
        `INSERT INTO failures (flow_id, run_id, source_record_id, payload, error_class, message, attempts, next_attempt_at, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
      ),
      updateFailure: db.prepare(
        `UPDATE failures SET run_id = ?, payload = ?, error_class = ?, message = ?, attempts = ?, next_attempt_at = ?, state = ?, updated_at = ?
         WHERE id = ?`,
      ),
      resolveFailure: db.prepare(
        "UPDATE failures SET state = 'resolved', next_attempt_at = NULL, updated_at = ? WHERE id = ?",
      ),
      addCounts: db.prepare(
        'UPDATE runs SET read = read + ?, created = created + ?, updated = updated + ?, unchanged = unchanged + ?, failed = failed + ?, deleted = deleted + ? WHERE id = ?',
      ),
      finishRun: db.prepare('UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?'),
      // json_each keeps one statement for any page size (no variable-count IN lists).
      readLinks: db.prepare<[string, string], { sourceId: string; targetId: string; contentHash: string }>(
        `SELECT source_id AS sourceId, target_id AS targetId, content_hash AS contentHash FROM record_links
         WHERE flow_id = ? AND source_id IN (SELECT value FROM json_each(?))`,
      ),
      addEvent: db.prepare(
        'INSERT INTO run_events (run_id, at, level, kind, message, record_id) VALUES (?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  startRun(flowId: string, trigger: RunTrigger, at: string): number {
    const s = this.#statements;
    return this.#db
      .transaction(() => {
        const id = s.nextRunNumber.get()!.last;
        s.startRun.run(id, flowId, trigger, at);
        return id;
      })
      .immediate();
  }

  noteCreateAttempts(flowId: string, sourceIds: readonly string[]): void {
    if (sourceIds.length === 0) return;
    this.#statements.noteCreateAttempts.run(flowId, JSON.stringify(sourceIds));
  }

  readWaitingFailures(flowId: string, sourceIds: readonly string[]): Map<string, Record<string, unknown>> {
    const waiting = new Map<string, Record<string, unknown>>();
    if (sourceIds.length === 0) return waiting;
    for (const row of this.#statements.readWaiting.all(flowId, JSON.stringify(sourceIds)))
      waiting.set(row.sourceId, JSON.parse(row.payload) as Record<string, unknown>);
    return waiting;
  }

  readDeletedAtSource(flowId: string, sourceIds: readonly string[]): Set<string> {
    if (sourceIds.length === 0) return new Set();
    const rows = this.#statements.readDeleted.all(flowId, JSON.stringify(sourceIds));
    return new Set(rows.map((r) => r.sourceId));
  }

  readCreateAttempts(flowId: string, sourceIds: readonly string[]): Set<string> {
    if (sourceIds.length === 0) return new Set();
    const rows = this.#statements.readCreateAttempts.all(flowId, JSON.stringify(sourceIds));
    return new Set(rows.map((r) => r.sourceId));
  }

  readCheckpoint(flowId: string): Checkpoint | undefined {
    const row = this.#statements.readCursor.get(flowId);
    return row ? (JSON.parse(row.value) as Checkpoint) : undefined;
  }

  readLinks(flowId: string, sourceIds: readonly string[]): Map<string, RecordLink> {
    const links = new Map<string, RecordLink>();
    if (sourceIds.length === 0) return links;
    const rows = this.#statements.readLinks.all(flowId, JSON.stringify(sourceIds));
    for (const row of rows) links.set(row.sourceId, row);
    return links;
  }

  commitPage(runId: number, flowId: string, commit: PageCommit) {
    const s = this.#statements;
    const failuresAdded: number[] = [];
    const failuresResolved: number[] = [];
    // IMMEDIATE: the write lock first, so a reader elsewhere never turns this into "database is locked".
    this.#db
      .transaction(() => {
        this.#fence();
        if (commit.links.length > 0)
          s.upsertLinks.run(
            flowId,
            commit.at,
            JSON.stringify(commit.links.map((l) => [l.sourceId, l.targetId, l.contentHash])),
          );
        for (const sourceId of commit.unlinked ?? []) s.deleteLink.run(flowId, sourceId);
        this.#outcomes.add(runId, flowId, commit.outcomes);
        // Only a record created or failed here can have had a create attempted.
        const ended = commit.outcomes.filter((o) => o.outcome === 'created' || o.outcome === 'failed');
        if (ended.length > 0) s.endCreateAttempts.run(flowId, JSON.stringify(ended.map((o) => o.sourceId)));
        for (const f of commit.failures) {
          const open = s.openFailure.get(flowId, f.sourceRecordId);
          const attempts = (open?.attempts ?? 0) + 1;
          const next = nextAttemptAt(attempts, new Date(commit.at), f.retryable);
          const state = next ? 'open' : 'needs-attention';
          const payload = JSON.stringify(f.payload);
          if (open) {
            s.updateFailure.run(
              runId,
              payload,
              f.errorClass,
              f.message,
              attempts,
              next?.toISOString() ?? null,
              state,
              commit.at,
              open.id,
            );
          } else {
            const id = s.addFailure.run(
              flowId,
              runId,
              f.sourceRecordId,
              payload,
              f.errorClass,
              f.message,
              next?.toISOString() ?? null,
              state,
              commit.at,
              commit.at,
            );
            failuresAdded.push(Number(id.lastInsertRowid));
          }
        }
        // One query for the page, not one per record: nearly every synced record has no failure.
        if (commit.synced.length > 0)
          for (const { id } of s.openFailures.all(flowId, JSON.stringify(commit.synced))) {
            s.resolveFailure.run(commit.at, id);
            failuresResolved.push(id);
          }
        for (const event of commit.events ?? []) this.addRunEvent(runId, event);
        const c = commit.counts;
        s.addCounts.run(c.read, c.created, c.updated, c.unchanged, c.failed, c.deleted ?? 0, runId);
        if (commit.checkpoint) s.writeCursor.run(flowId, JSON.stringify(commit.checkpoint), commit.at);
      })
      .immediate();
    return { failuresAdded, failuresResolved };
  }

  /**
   * Runs still marked running when a process takes the workspace's lease were cut off
   * (the PC slept, the previous owner was killed). Their pages up to the last commit
   * stand; the next run goes on from the checkpoint. Only the lease holder may call it:
   * anyone else would cancel the owner's live runs.
   */
  closeInterruptedRuns(at: string): number {
    return this.#db
      .prepare("UPDATE runs SET status = 'cancelled', finished_at = ?, error = ? WHERE status = 'running'")
      .run(
        at,
        'Patchbay stopped during this run (closed, crashed or the PC shut down). Everything up to the last saved page is kept; the next run carries on from there.',
      ).changes;
  }

  /** Sets a flow's checkpoint outside a run (cursor rewind or reset). */
  writeCheckpoint(flowId: string, checkpoint: Checkpoint, at: string): void {
    this.#statements.writeCursor.run(flowId, JSON.stringify(checkpoint), at);
  }

  finishRun(runId: number, status: RunStatus, at: string, error: string | undefined): void {
    this.#statements.finishRun.run(status, at, error ?? null, runId);
  }

  addRunEvent(runId: number, event: RunEventWrite): void {
    this.#statements.addEvent.run(
      runId,
      event.at,
      event.level,
      event.kind,
      event.message,
      event.recordId ?? null,
    );
  }
}
