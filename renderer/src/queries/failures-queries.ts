import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { MethodInput } from '../../../core/contract/methods.ts';
import { api } from '../api/client.ts';

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

// A retry or a close changes failures, run history and the dashboard's figures.
function useInvalidateAfterChange() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      ['failures', 'runs', 'dashboard'].map((root) => queryClient.invalidateQueries({ queryKey: [root] })),
    );
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
