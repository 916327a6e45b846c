import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { Layout } from './components/layout.tsx';
import { RouteError } from './components/route-error.tsx';
import { showNoticesInBrowser } from './api/browser-notifications.ts';
import { subscribeToLiveUpdates } from './queries/live-updates.ts';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 10_000 } },
});
subscribeToLiveUpdates(queryClient);
showNoticesInBrowser();

// Each view is its own chunk, loaded when first opened: the map's layout engine and the
// dashboard's charts are large, and a view opened first should not wait for the others.
// Hash routes: a file:// page in the desktop app cannot use history paths, and a reload keeps the view.
const router = createHashRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      {
        // Errors (a view's code that could not load) show inside the layout, navigation intact.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Navigate to="/dashboard" replace /> },
          {
            path: 'dashboard',
            lazy: async () => ({
              Component: (await import('./features/dashboard/dashboard-view.tsx')).DashboardView,
            }),
          },
          {
            path: 'apps/*',
            lazy: async () => ({ Component: (await import('./features/apps/apps-view.tsx')).AppsView }),
          },
          {
            path: 'map',
            lazy: async () => ({ Component: (await import('./features/map/map-view.tsx')).MapView }),
          },
          {
            path: 'flows/*',
            lazy: async () => ({ Component: (await import('./features/flows/flows-view.tsx')).FlowsView }),
          },
          {
            path: 'runs/*',
            lazy: async () => ({ Component: (await import('./features/runs/runs-view.tsx')).RunsView }),
          },
          {
            path: 'failures',
            lazy: async () => ({
              Component: (await import('./features/failures/failures-view.tsx')).FailuresView,
            }),
          },
          {
            path: 'settings',
            lazy: async () => ({
              Component: (await import('./features/settings/settings-view.tsx')).SettingsView,
            }),
          },
          { path: '*', element: <Navigate to="/dashboard" replace /> },
        ],
      },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
