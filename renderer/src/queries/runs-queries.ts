import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { MethodInput } from '../../../core/contract/methods.ts';
import { api } from '../api/client.ts';

export type RunFilter = MethodInput<'runs.list'>;

/** Run history: pages of runs and one run with its timeline (refreshed by run events). */
export const runsQueries = {
  all: ['runs'] as const,
  list: (filter: RunFilter) =>
    queryOptions({
      queryKey: ['runs', 'list', filter],
      queryFn: () => api.call('runs.list', filter),
      // The page on screen stays while the next one loads, so paging does not flash.
      placeholderData: keepPreviousData,
    }),
  detail: (id: number) =>
    queryOptions({ queryKey: ['runs', 'detail', id], queryFn: () => api.call('runs.get', { id }) }),
  /** "Find a record": under 'runs', so a run that finishes refreshes the answer on screen. */
  findRecord: (query: string) =>
    queryOptions({
      queryKey: ['runs', 'findRecord', query],
      queryFn: () => api.call('runs.findRecord', { query }),
      enabled: query.trim() !== '',
    }),
};
