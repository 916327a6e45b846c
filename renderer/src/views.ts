import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { failuresShown } from './features/failures/failures-filter.ts';
import { dashboardQueries } from './queries/dashboard-queries.ts';
import { failuresQueries } from './queries/failures-queries.ts';
import { flowsQueries } from './queries/flows-queries.ts';
import { healthQueries } from './queries/health-queries.ts';

/** One view of the window: where it lives, what the navigation calls it, and its code. */
export interface ViewEntry {
  /** Its address, '/apps'; a view with sub-pages (/apps/:appId) routes them itself. */
  path: `/${string}`;
  /** Its link in the navigation, and the name its link is found by. */
  label: string;
  /** Whether it has sub-pages under its path, routed inside the view. */
  nested: boolean;
  /** Listed in the navigation; a view reached only from another view would say false. */
  inNav: boolean;
  /**
   * The view's code, loaded when first opened: each view is its own chunk, because the
   * map's layout engine and the dashboard's charts are large and a view opened first
   * should not wait for the others.
   */
  load: () => Promise<{ Component: ComponentType }>;
  /**
   * Asks for the data the view shows first as soon as its address is known, while its
   * code still loads, instead of after (issue 17: the Failures view's answer took 35 ms
   * and came half a second after navigation). The view's own queries then find it in
   * the cache, or in flight. `search` is the address's query (`?flow=…&offset=100`).
   */
  prefetch?: (queryClient: QueryClient, search: URLSearchParams) => void;
}

/** Every view, in navigation order. The router and the navigation both read this table. */
export const views: readonly ViewEntry[] = [
  {
    path: '/dashboard',
    label: 'Dashboard',
    nested: false,
    inNav: true,
    load: async () => ({
      Component: (await import('./features/dashboard/dashboard-view.tsx')).DashboardView,
    }),
    // What "Is everything syncing?" waits for (dashboard-view.tsx).
    prefetch: (queryClient) => {
      void queryClient.prefetchQuery(healthQueries.status());
      void queryClient.prefetchQuery(dashboardQueries.summary());
      void queryClient.prefetchQuery(flowsQueries.list());
    },
  },
  {
    path: '/apps',
    label: 'Apps',
    nested: true,
    inNav: true,
    load: async () => ({ Component: (await import('./features/apps/apps-view.tsx')).AppsView }),
  },
  {
    path: '/connectors',
    label: 'Connectors',
    nested: false,
    inNav: true,
    load: async () => ({
      Component: (await import('./features/connectors/connectors-view.tsx')).ConnectorsView,
    }),
  },
  {
    path: '/map',
    label: 'Map',
    nested: false,
    inNav: true,
    load: async () => ({ Component: (await import('./features/map/map-view.tsx')).MapView }),
  },
  {
    path: '/flows',
    label: 'Flows',
    nested: true,
    inNav: true,
    load: async () => ({ Component: (await import('./features/flows/flows-view.tsx')).FlowsView }),
  },
  {
    path: '/runs',
    label: 'Runs',
    nested: true,
    inNav: true,
    load: async () => ({ Component: (await import('./features/runs/runs-view.tsx')).RunsView }),
  },
  {
    path: '/failures',
    label: 'Failures',
    nested: false,
    inNav: true,
    load: async () => ({ Component: (await import('./features/failures/failures-view.tsx')).FailuresView }),
    prefetch: (queryClient, search) => {
      void queryClient.prefetchQuery(failuresQueries.list(failuresShown(search).filter));
      void queryClient.prefetchQuery(flowsQueries.list());
    },
  },
  {
    path: '/find',
    label: 'Find a record',
    nested: false,
    inNav: true,
    load: async () => ({
      Component: (await import('./features/find/find-record-view.tsx')).FindRecordView,
    }),
  },
  {
    path: '/audit',
    label: 'Audit log',
    nested: false,
    inNav: true,
    load: async () => ({ Component: (await import('./features/audit/audit-view.tsx')).AuditView }),
  },
  {
    path: '/settings',
    label: 'Settings',
    nested: false,
    inNav: true,
    load: async () => ({ Component: (await import('./features/settings/settings-view.tsx')).SettingsView }),
  },
];

export { homePath } from './first-requests.ts';

/** The view's route under the layout: 'apps/*' for a view with sub-pages, else 'map'. */
export const routePath = (view: Pick<ViewEntry, 'path' | 'nested'>) =>
  `${view.path.slice(1)}${view.nested ? '/*' : ''}`;
