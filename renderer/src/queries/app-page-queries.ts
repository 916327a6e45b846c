import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';

/** What the app page needs besides the app: connectors, paused apps, flows. */
export const appPageQueries = {
  connectors: () =>
    queryOptions({ queryKey: ['apps', 'connectors'], queryFn: () => api.call('connectors.list') }),
  circuits: () => queryOptions({ queryKey: ['circuits', 'list'], queryFn: () => api.call('apps.circuits') }),
  flows: () => queryOptions({ queryKey: ['flows', 'list'], queryFn: () => api.call('flows.list') }),
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      ['apps', 'circuits', 'flows', 'dashboard', 'credentials'].map((root) =>
        queryClient.invalidateQueries({ queryKey: [root] }),
      ),
    );
}

export function useSaveCredential() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { appId: string; value: string }) => api.call('secrets.set', input),
    onSuccess: invalidate,
  });
}

export function useForgetCredential() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (appId: string) => api.call('secrets.delete', { appId }),
    onSuccess: invalidate,
  });
}

export function useStartOAuth() {
  return useMutation({ mutationFn: (appId: string) => api.call('oauth.start', { appId }) });
}

/** One cheap call the connector names, signed in with the saved credential: "Connected to Stripe." */
export function useTestConnection() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (appId: string) => api.call('credentials.test', { appId }),
    // A pass or a refusal is dated on the credential, so its health changes either way.
    onSettled: invalidate,
  });
}
