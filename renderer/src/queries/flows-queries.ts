import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { FlowInput } from '../../../core/contract/flows.ts';
import type { MethodInput } from '../../../core/contract/methods.ts';
import { api } from '../api/client.ts';
import { invalidateRoots } from './live-updates.ts';

/**
 * What the Flows view reads. Every key starts with a live-update root, so a finished
 * run, a paused app or a changed schedule refreshes the list without polling.
 */
export const flowsQueries = {
  all: ['flows'] as const,
  list: () => queryOptions({ queryKey: ['flows', 'list'], queryFn: () => api.call('flows.list') }),
  detail: (id: string) =>
    queryOptions({ queryKey: ['flows', 'detail', id], queryFn: () => api.call('flows.get', { id }) }),
  lastRun: (flowId: string) =>
    queryOptions({
      queryKey: ['runs', 'list', { flowId, limit: 1 }],
      queryFn: () => api.call('runs.list', { flowId, limit: 1 }),
      select: (page) => page.items[0] ?? null,
    }),
  /** Reads the source and writes nothing; always fresh, since the answer is about now. */
  dryRun: (id: string) =>
    queryOptions({
      queryKey: ['flows', 'dryRun', id],
      queryFn: () => api.call('flows.dryRun', { id }),
      staleTime: 0,
      gcTime: 0,
      retry: false,
    }),
};

function useInvalidateFlows() {
  const queryClient = useQueryClient();
  return () => invalidateRoots(queryClient, ['flows', 'scheduler', 'dashboard', 'runs']);
}

export function useCreateFlow() {
  const invalidate = useInvalidateFlows();
  return useMutation({
    mutationFn: (flow: FlowInput) => api.call('flows.create', flow),
    onSuccess: invalidate,
  });
}

export function useUpdateFlow() {
  const invalidate = useInvalidateFlows();
  return useMutation({
    mutationFn: (input: { id: string; flow: FlowInput }) => api.call('flows.update', input),
    onSuccess: invalidate,
  });
}

export function useDeleteFlow() {
  const invalidate = useInvalidateFlows();
  return useMutation({ mutationFn: (id: string) => api.call('flows.delete', { id }), onSuccess: invalidate });
}

/** Pause (false) or resume (true) a flow's schedule. */
export function useSetFlowEnabled() {
  const invalidate = useInvalidateFlows();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      api.call(enabled ? 'flows.resume' : 'flows.pause', { id }),
    onSuccess: invalidate,
  });
}

/** "Sync now": answers when the run has finished; progress arrives as run events meanwhile. */
export function useRunFlow() {
  const invalidate = useInvalidateFlows();
  return useMutation({
    mutationFn: (id: string) => api.call('flows.run', { id, startedFrom: 'ui' }),
    onSettled: invalidate,
  });
}

/** A mapping tried on a few source records, before saving; nothing is written. */
export function usePreviewFlow() {
  return useMutation({
    mutationFn: (input: MethodInput<'flows.preview'>) => api.call('flows.preview', input),
  });
}
