import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { Layout } from './components/layout.tsx';
import { AppsView } from './features/apps/apps-view.tsx';
import { DashboardView } from './features/dashboard/dashboard-view.tsx';
import { FailuresView } from './features/failures/failures-view.tsx';
import { FlowsView } from './features/flows/flows-view.tsx';
import { MapView } from './features/map/map-view.tsx';
import { RunsView } from './features/runs/runs-view.tsx';
import { SettingsView } from './features/settings/settings-view.tsx';
import { subscribeToLiveUpdates } from './queries/live-updates.ts';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 10_000 } },
});
subscribeToLiveUpdates(queryClient);

// Hash routes: a file:// page in the desktop app cannot use history paths, and a reload keeps the view.
const router = createHashRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      { path: 'dashboard', element: <DashboardView /> },
      { path: 'apps/*', element: <AppsView /> },
      { path: 'map', element: <MapView /> },
      { path: 'flows/*', element: <FlowsView /> },
      { path: 'runs/*', element: <RunsView /> },
      { path: 'failures', element: <FailuresView /> },
      { path: 'settings', element: <SettingsView /> },
      { path: '*', element: <Navigate to="/dashboard" replace /> },
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
