import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { dashboardQueries, schedulerQueries } from './dashboard-queries.ts';

/** What the data-flow map reads besides the apps and flows: health and schedules (shared with the dashboard), the last run. */
export const mapQueries = {
  dashboard: dashboardQueries.summary,
  schedules: schedulerQueries.status,
  lastRun: (flowId: string) =>
    queryOptions({
      queryKey: ['runs', 'list', { flowId, limit: 1 }],
      queryFn: async () => (await api.call('runs.list', { flowId, limit: 1 })).items[0] ?? null,
    }),
};

/** "Sync now": answers when the run has finished; its progress arrives as run events meanwhile. */
export function useRunFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (flowId: string) => api.call('flows.run', { id: flowId }),
    onSettled: () =>
      Promise.all(
        ['dashboard', 'flows', 'runs', 'failures', 'scheduler'].map((root) =>
          queryClient.invalidateQueries({ queryKey: [root] }),
        ),
      ),
  });
}
