import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CredentialDraftTestInput } from '../../../core/contract/credentials.ts';
import { api } from '../api/client.ts';
import { invalidateRoots, staleAfter } from './live-updates.ts';

// The app page's commands; its reads are appsQueries, flowsQueries and dashboardQueries.
// A credential saved, forgotten or tested changes what an OAuth sign-in changes.
function useInvalidate() {
  const queryClient = useQueryClient();
  return () => invalidateRoots(queryClient, staleAfter['oauth.finished']);
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

/** The same call for an app not saved yet ("Test the connection" in Add app): nothing is kept. */
export function useTestDraft() {
  return useMutation({
    mutationFn: (input: CredentialDraftTestInput) => api.call('credentials.testDraft', input),
  });
}
