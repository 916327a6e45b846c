import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { WorkspaceSettings } from '../../../core/contract/settings.ts';
import { api } from '../api/client.ts';
import { invalidateRoots } from './live-updates.ts';
import { schedulerQueries } from './dashboard-queries.ts';

export const settingsQueries = {
  all: ['settings'] as const,
  get: () => queryOptions({ queryKey: ['settings', 'get'], queryFn: () => api.call('settings.get') }),
};

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<WorkspaceSettings>) => api.call('settings.update', change),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsQueries.get().queryKey, saved);
      // The name heads the dashboard and the time per record drives "typing saved".
      return invalidateRoots(queryClient, ['health', 'dashboard']);
    },
  });
}

/** Pause or resume every schedule at once. */
export function useSetSchedulerPaused() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (paused: boolean) => api.call(paused ? 'scheduler.pause' : 'scheduler.resume'),
    onSuccess: (status) => {
      queryClient.setQueryData(schedulerQueries.status().queryKey, status);
      return invalidateRoots(queryClient, [...schedulerQueries.all, 'dashboard']);
    },
  });
}
