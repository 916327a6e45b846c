import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { MethodInput } from '../../../core/contract/methods.ts';
import { api } from '../api/client.ts';
import { invalidateRoots, staleAfter } from './live-updates.ts';

export type FailureFilter = MethodInput<'failures.list'>;
export type RetrySelection = MethodInput<'failures.retry'>;

/** The failure queue, one page at a time: 100,000 open failures are never loaded at once. */
export const failuresQueries = {
  all: ['failures'] as const,
  list: (filter: FailureFilter) =>
    queryOptions({
      queryKey: ['failures', 'list', filter],
      queryFn: () => api.call('failures.list', filter),
      placeholderData: keepPreviousData,
    }),
};

// A retry or a close changes what resolving failures changes: failures, runs, the dashboard.
function useInvalidateAfterChange() {
  const queryClient = useQueryClient();
  return () => invalidateRoots(queryClient, staleAfter['failures.resolved']);
}

export function useRetryFailures() {
  const invalidate = useInvalidateAfterChange();
  return useMutation({
    mutationFn: (selection: RetrySelection) => api.call('failures.retry', selection),
    onSuccess: invalidate,
  });
}

export function useCloseFailures() {
  const invalidate = useInvalidateAfterChange();
  return useMutation({
    mutationFn: ({ action, ids, note }: { action: 'resolve' | 'ignore'; ids: number[]; note: string }) =>
      api.call(action === 'resolve' ? 'failures.resolve' : 'failures.ignore', { ids, note }),
    onSuccess: invalidate,
  });
}

/** One failure opened: its record, its link into its app, the values to correct. */
export const failureDetailQuery = (id: number) =>
  queryOptions({ queryKey: ['failures', 'detail', id], queryFn: () => api.call('failures.get', { id }) });

/** Names to assign failures to (Settings first, then names used before). */
export const failurePeopleQuery = () =>
  queryOptions({ queryKey: ['failures', 'people'], queryFn: () => api.call('failures.people') });

export function useAssignFailures() {
  const invalidate = useInvalidateAfterChange();
  return useMutation({
    mutationFn: (input: MethodInput<'failures.assign'>) => api.call('failures.assign', input),
    onSuccess: invalidate,
  });
}

export function useNoteFailures() {
  const invalidate = useInvalidateAfterChange();
  return useMutation({
    mutationFn: (input: MethodInput<'failures.note'>) => api.call('failures.note', input),
    onSuccess: invalidate,
  });
}

export function useRetryWithEdit() {
  const invalidate = useInvalidateAfterChange();
  return useMutation({
    mutationFn: (input: MethodInput<'failures.retryWithEdit'>) => api.call('failures.retryWithEdit', input),
    onSuccess: invalidate,
  });
}
