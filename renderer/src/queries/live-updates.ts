import type { QueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { appsQueries } from './apps-queries.ts';
import { healthQueries } from './health-queries.ts';

/**
 * The one place pushed events touch the cache: each event invalidates the queries it
 * makes stale, so open views refresh without polling. Returns the unsubscribe.
 */
export function subscribeToLiveUpdates(queryClient: QueryClient): () => void {
  const stops = [
    api.on('apps.changed', () => {
      void queryClient.invalidateQueries({ queryKey: appsQueries.all });
      void queryClient.invalidateQueries({ queryKey: healthQueries.all });
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
