import type { FailureRepository, RunHistory } from './repositories.ts';
import { ApiError } from '../contract/errors.ts';
import { failureStates, type Failure } from '../contract/flows.ts';

/** Run history: the list with its filters, and one run with its timeline and failed records. */
export function createRunsService(options: {
  readonly runs: RunHistory;
  readonly failures: FailureRepository;
  /** Adds each failed record's link into its app ("Open in HubSpot"). */
  readonly withLinks?: (failures: readonly Failure[]) => Failure[];
}) {
  const { runs, failures } = options;
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
  };
}

export type RunsService = ReturnType<typeof createRunsService>;
