import type { FailureRepository, RecordTrails, RunHistory } from './repositories.ts';
import type { RecordHistory } from '../contract/runs.ts';
import { ApiError } from '../contract/errors.ts';
import { failureStates, type Failure } from '../contract/flows.ts';

/** Run history: the list with its filters, and one run with its timeline and failed records. */
export function createRunsService(options: {
  readonly runs: RunHistory;
  readonly failures: FailureRepository;
  /** Adds each failed record's link into its app ("Open in HubSpot"). */
  readonly withLinks?: (failures: readonly Failure[]) => Failure[];
  readonly trails: RecordTrails;
}) {
  const { runs, failures, trails } = options;
  return {
    list: runs.list.bind(runs),
    get(id: number) {
      const run = runs.get(id);
      if (!run) throw new ApiError('not_found', `There is no run number ${id}.`, { field: 'id' });
      // A run page lists every record the run left behind, whatever became of it since.
      const listed = failures.list({ runId: id, states: [...failureStates], limit: 1000, offset: 0 }).items;
      const failed = options.withLinks ? options.withLinks(listed) : listed;
      return { run, events: runs.events(id), failures: failed };
    },
    /** "What happened to maria@example.com?": each flow record it names, with its runs and failures. */
    findRecord({ query, limit }: { query: string; limit: number }): { records: RecordHistory[] } {
      const records = trails.find(query, limit).map((trail) => {
        const flow = trails.flowName(trail.flowId);
        return {
          ...trail,
          flowName: flow.name,
          flowDeleted: flow.deleted,
          failures: failures.ofRecord(trail.flowId, trail.sourceRecordId),
        };
      });
      return { records };
    },
  };
}

export type RunsService = ReturnType<typeof createRunsService>;
