import type { SourceRecord } from '../connectors/connector.ts';
import { canonicalJson } from './content-hash.ts';
import type { RunStore } from './run-store.ts';

/**
 * Sets aside the records of a page that already wait in the failure queue with the
 * content they failed with: the queue's own schedule (automatic retries, Retry) owns
 * them, and sending them again unchanged only fails again. Without this the newest
 * failing record, re-read by every run because incremental reads include the cursor's
 * own moment (so records sharing it are never missed), failed and notified again at
 * every scheduled run (issue 14). A record changed at the source is read as new.
 */
export function setAsideWaiting(
  flowId: string,
  records: readonly SourceRecord[],
  store: Pick<RunStore, 'readWaitingFailures'>,
): { records: SourceRecord[]; waiting: number } {
  const waiting = store.readWaitingFailures(
    flowId,
    records.map((r) => r.id),
  );
  if (waiting.size === 0) return { records: [...records], waiting: 0 };
  const kept = records.filter((r) => {
    const payload = waiting.get(r.id);
    return payload === undefined || canonicalJson(payload) !== canonicalJson(r.fields);
  });
  return { records: kept, waiting: records.length - kept.length };
}
