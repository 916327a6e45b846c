import { closedSql, unresolvedSql } from './failure-state-sql.ts';
import type { Db } from './open-database.ts';

/**
 * Removes run history older than the retention setting: finished runs (their events go
 * with them), closed failures and scheduler notes. Runs that still have an open failure
 * stay, so nothing waiting for a person disappears.
 */
export function pruneHistory(db: Db, cutoff: string): { runs: number; failures: number; notes: number } {
  return db
    .transaction(() => {
      const runs = db
        .prepare(
          `DELETE FROM runs WHERE status != 'running' AND COALESCE(finished_at, started_at) < ?
         AND id NOT IN (SELECT run_id FROM failures WHERE run_id IS NOT NULL
                        AND ${unresolvedSql})`,
        )
        .run(cutoff).changes;
      const failures = db
        .prepare(`DELETE FROM failures WHERE ${closedSql} AND updated_at < ?`)
        .run(cutoff).changes;
      const notes = db.prepare('DELETE FROM schedule_log WHERE at < ?').run(cutoff).changes;
      return { runs, failures, notes };
    })
    .immediate();
}
