import type { Connector, DeletedRecord } from '../connectors/connector.ts';
import type { Flow } from '../contract/flows.ts';
import { mustDescribe } from '../connectors/connector.ts';
import { isRecordLevel, toSyncError } from '../reliability/sync-error-policy.ts';
import type { RecordOutcome, RunEventWrite, RunStore } from './run-store.ts';

// Records the source says were deleted or archived (connector `Page.deleted`): never
// written again, counted as "deleted at source", and — where the flow says so and the
// target can — removed from the target too. Removal happens before the page commits,
// so a crash repeats it; a record the target no longer has counts as removed.

export interface SettledDeletions {
  outcomes: RecordOutcome[];
  /** Removed in the target as well: their links go when the page commits. */
  unlinked: string[];
  /** Removals the target refused, for the run's timeline. */
  warnings: RunEventWrite[];
}

export async function settleDeletions(
  // Narrow types, not run-flow.ts's: run-flow imports this module.
  flow: Pick<Flow, 'id' | 'targetEntity'> & Partial<Pick<Flow, 'deletedAtSource'>>,
  deleted: readonly DeletedRecord[],
  deps: { store: RunStore; target: Connector; now: () => Date },
): Promise<SettledDeletions> {
  const settled: SettledDeletions = { outcomes: [], unlinked: [], warnings: [] };
  if (deleted.length === 0) return settled;
  const named = [...new Set(deleted.map((d) => d.id))];
  const settledBefore = deps.store.readDeletedAtSource(flow.id, named);
  const ids = named.filter((id) => !settledBefore.has(id));
  const links = deps.store.readLinks(flow.id, ids);
  const remove = flow.deletedAtSource === 'remove' && mustDescribe(deps.target, flow.targetEntity).canDelete;
  for (const id of ids) {
    const targetId = links.get(id)?.targetId;
    const deletedHere = { sourceId: id, key: undefined, targetId, outcome: 'deleted' as const };
    if (!remove || targetId === undefined) {
      settled.outcomes.push(deletedHere);
      continue;
    }
    try {
      await deps.target.remove(flow.targetEntity, targetId);
      settled.unlinked.push(id);
      settled.outcomes.push(deletedHere);
    } catch (error) {
      const syncError = toSyncError(error, deps.target.appName);
      // Already gone in the target (a repeat after a crash): removed is removed.
      if (syncError.errorClass === 'not_found') {
        settled.unlinked.push(id);
        settled.outcomes.push(deletedHere);
      } else if (!isRecordLevel(syncError)) throw syncError;
      // Not counted yet, so the next run that hears of it tries again.
      else
        settled.warnings.push({
          at: deps.now().toISOString(),
          level: 'warning',
          kind: 'deleted-at-source',
          message: `Record ${id} was deleted at the source, but ${deps.target.appName} did not remove its copy (${targetId}): ${syncError.message}`,
          recordId: id,
        });
    }
  }
  return settled;
}
