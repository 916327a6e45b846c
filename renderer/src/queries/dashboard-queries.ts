import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client.ts';

/**
 * What the dashboard reads. Every key starts with a live-update root, so pushed events
 * (runs finished, failures added, scheduler alerts) refresh it without polling.
 */
export const dashboardQueries = {
  summary: () =>
    queryOptions({ queryKey: ['dashboard', 'summary'], queryFn: () => api.call('dashboard.get') }),
  /** Each app's credential health (missing, expiring, refused…), never the credential. */
  credentials: () =>
    queryOptions({ queryKey: ['credentials', 'list'], queryFn: () => api.call('credentials.list') }),
  /** The latest runs of one flow: the last finished one tells how many records a run reads. */
  recentRuns: (flowId: string) =>
    queryOptions({
      queryKey: ['runs', 'list', { flowId, limit: 5 }],
      queryFn: () => api.call('runs.list', { flowId, limit: 5 }),
    }),
};

export const schedulerQueries = {
  all: ['scheduler'] as const,
  status: () =>
    queryOptions({ queryKey: ['scheduler', 'status'], queryFn: () => api.call('scheduler.status') }),
};
