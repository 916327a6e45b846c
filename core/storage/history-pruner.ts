import type { Clock, Logger } from '../ports.ts';
import { repeatEvery } from '../scheduler/repeat-every.ts';
import { closedSql, unresolvedSql } from './failure-state-sql.ts';
import type { Db } from './open-database.ts';
import { forgetOutcomesOf } from './record-outcome-repository.ts';

/**
 * Removes run history older than the retention setting: finished runs (their events go
 * with them, and what they did to each record), closed failures, scheduler notes and audit
 * entries. Runs that still have an open failure stay, so nothing waiting for a person disappears.
 */
export function pruneHistory(
  db: Db,
  cutoff: string,
): { runs: number; failures: number; notes: number; audit: number } {
  return db
    .transaction(() => {
      const pruned = db
        .prepare<[string], { id: number; flowId: string }>(
          `DELETE FROM runs WHERE status != 'running' AND COALESCE(finished_at, started_at) < ?
         AND id NOT IN (SELECT run_id FROM failures WHERE run_id IS NOT NULL
                        AND ${unresolvedSql})
         RETURNING id, flow_id AS flowId`,
        )
        .all(cutoff);
      const runs = pruned.length;
      const failures = db
        .prepare(`DELETE FROM failures WHERE ${closedSql} AND updated_at < ?`)
        .run(cutoff).changes;
      const notes = db.prepare('DELETE FROM schedule_log WHERE at < ?').run(cutoff).changes;
      const audit = db.prepare('DELETE FROM audit WHERE at < ?').run(cutoff).changes;
      // "Find a record" answers from the history there is: outcomes go with their run,
      // and a record no remaining run read is forgotten.
      forgetOutcomesOf(db, pruned);
      return { runs, failures, notes, audit };
    })
    .immediate();
}

const sixHoursMs = 6 * 3_600_000;

/**
 * The history pruning job, run by the workspace's owner (the process holding its lease):
 * `start` prunes at once, then every six hours until `stop`. Its own job, not a step of
 * the automatic retries.
 */
export function createHistoryPruningJob(options: {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Read at each round, so a changed setting counts from the next one. */
  readonly retentionDays: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}): { start(): void; stop(): void } {
  const { db, clock, logger } = options;
  const prune = () => {
    const cutoff = new Date(clock.now().getTime() - options.retentionDays() * 86_400_000).toISOString();
    const removed = pruneHistory(db, cutoff);
    if (removed.runs + removed.failures + removed.audit > 0)
      logger.info(
        `Removed ${removed.runs} runs, ${removed.failures} closed failures and ${removed.audit} audit entries older than ${cutoff}.`,
      );
  };
  let running: { stop(): void } | undefined;
  return {
    start() {
      if (running) return;
      prune();
      running = repeatEvery({
        everyMs: sixHoursMs,
        round: async () => prune(),
        sleep: options.sleep,
        onError: (error) => logger.error('Removing old history failed', error),
      });
    },
    stop() {
      running?.stop();
      running = undefined;
    },
  };
}
