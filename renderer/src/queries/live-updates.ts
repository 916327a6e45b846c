import type { QueryClient } from '@tanstack/react-query';
import type { EventName } from '../../../core/contract/method-names.ts';
import { api } from '../api/client.ts';
import { invalidateRoots } from './invalidate-roots.ts';

export { invalidateRoots };

/**
 * Which cached queries each pushed event makes stale (by the first element of their
 * query key). The one place events touch the cache: open views refresh without polling.
 * Query key roots: apps, health, flows, runs, failures, dashboard, scheduler, circuits,
 * credentials, settings, connectors (no event changes the catalogue: its own mutations
 * refresh it, and so does a reconnected event stream).
 */
export const staleAfter: Record<EventName, readonly string[]> = {
  'apps.changed': ['apps', 'health', 'flows', 'dashboard', 'credentials'],
  'runs.started': ['runs', 'dashboard', 'scheduler'],
  'runs.progress': [],
  'runs.finished': ['runs', 'dashboard', 'flows', 'scheduler', 'failures', 'credentials'],
  'failures.added': ['failures', 'dashboard'],
  'failures.resolved': ['failures', 'dashboard', 'runs'],
  'apps.circuit': ['flows', 'dashboard', 'circuits', 'apps', 'credentials', 'scheduler'],
  'scheduler.logged': ['scheduler', 'dashboard'],
  'scheduler.alert': ['scheduler', 'dashboard'],
  'oauth.finished': ['credentials', 'apps', 'circuits', 'flows', 'dashboard'],
  'attention.needed': [],
};

export function subscribeToLiveUpdates(queryClient: QueryClient): () => void {
  const stops = (Object.keys(staleAfter) as EventName[]).map((name) =>
    api.on(name, () => void invalidateRoots(queryClient, staleAfter[name])),
  );
  // Whatever happened while the stream was down (or before it first opened) went unheard:
  // refresh everything once it is up again, including a first fetch still under way (the
  // window's first data is asked for before the stream opens, main.tsx), once it settles.
  stops.push(api.onConnected(() => void invalidateRoots(queryClient, cachedRoots(queryClient))));
  return () => stops.forEach((stop) => stop());
}

/** The key roots of every cached query. */
const cachedRoots = (queryClient: QueryClient): string[] => [
  ...new Set(
    queryClient
      .getQueryCache()
      .getAll()
      .map((query) => String(query.queryKey[0])),
  ),
];
