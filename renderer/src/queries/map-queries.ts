import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { dashboardQueries, schedulerQueries } from './dashboard-queries.ts';
import { flowsQueries } from './flows-queries.ts';

/** What the data-flow map reads besides the apps and flows: health and schedules (shared with the dashboard), the last run. */
export const mapQueries = {
  dashboard: dashboardQueries.summary,
  schedules: schedulerQueries.status,
  // One cache entry per flow's last run, shared with the Flows view (same key, same shape).
  lastRun: flowsQueries.lastRun,
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
