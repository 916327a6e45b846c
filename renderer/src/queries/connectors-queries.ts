import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { MethodInput } from '../../../core/contract/methods.ts';
import { api } from '../api/client.ts';
import { invalidateRoots } from './live-updates.ts';

/**
 * The connector catalogue: the Connectors view, the app form's "Connect through", the
 * app page and the flow editor all read this one query, so installing or removing a
 * connector here shows everywhere.
 */
export const connectorsQueries = {
  all: ['connectors'] as const,
  list: () => queryOptions({ queryKey: ['connectors', 'list'], queryFn: () => api.call('connectors.list') }),
};

type ManifestInput = MethodInput<'connectors.check'>;

/** What a manifest would become, installing nothing: run when the user presses "Check". */
export function useCheckConnector() {
  return useMutation({ mutationFn: (input: ManifestInput) => api.call('connectors.check', input) });
}

export function useInstallConnector() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ManifestInput) => api.call('connectors.install', input),
    onSuccess: () => invalidateRoots(queryClient, connectorsQueries.all),
  });
}

/** Refused by the core, in words naming them, while apps use the connector. */
export function useRemoveConnector(options: { onRemoved?: (id: string) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call('connectors.remove', { id }),
    onSuccess: ({ id }) => {
      options.onRemoved?.(id);
      return invalidateRoots(queryClient, connectorsQueries.all);
    },
  });
}
