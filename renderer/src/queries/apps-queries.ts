import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AppInput } from '../../../core/contract/apps.ts';
import { api } from '../api/client.ts';
import { healthQueries } from './health-queries.ts';

export const appsQueries = {
  all: ['apps'] as const,
  list: () => queryOptions({ queryKey: ['apps', 'list'], queryFn: () => api.call('apps.list') }),
  detail: (id: string) =>
    queryOptions({ queryKey: ['apps', 'detail', id], queryFn: () => api.call('apps.get', { id }) }),
  /** What the app itself says it holds (a database's tables, a folder's files) with their columns. */
  entities: (id: string) =>
    queryOptions({ queryKey: ['apps', 'entities', id], queryFn: () => api.call('apps.entities', { id }) }),
  /** Apps whose flows Patchbay paused, and why. */
  circuits: () => queryOptions({ queryKey: ['circuits', 'list'], queryFn: () => api.call('apps.circuits') }),
  /** What is known of each app's connection; under "credentials", which every credential change refreshes. */
  connections: () =>
    queryOptions({ queryKey: ['credentials', 'connections'], queryFn: () => api.call('apps.connections') }),
};

function useInvalidateApps() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: appsQueries.all }),
      queryClient.invalidateQueries({ queryKey: healthQueries.all }),
    ]);
}

export function useCreateApp() {
  const invalidate = useInvalidateApps();
  return useMutation({ mutationFn: (app: AppInput) => api.call('apps.create', app), onSuccess: invalidate });
}

export function useUpdateApp() {
  const invalidate = useInvalidateApps();
  return useMutation({
    mutationFn: (input: { id: string; app: AppInput }) => api.call('apps.update', input),
    onSuccess: invalidate,
  });
}

export function useDeleteApp() {
  const invalidate = useInvalidateApps();
  return useMutation({ mutationFn: (id: string) => api.call('apps.delete', { id }), onSuccess: invalidate });
}
