import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { Layout } from './components/layout.tsx';
import { PlaceholderView } from './components/placeholder-view.tsx';
import { AppsView } from './features/apps/apps-view.tsx';
import { DashboardView } from './features/dashboard/dashboard-view.tsx';
import { subscribeToLiveUpdates } from './queries/live-updates.ts';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 10_000 } },
});
subscribeToLiveUpdates(queryClient);

const placeholders = {
  map: ['Map', 'The data-flow map: your apps as boxes, the flows between them as arrows coloured by health.'],
  flows: [
    'Flows',
    'The sync jobs between your apps: what they copy, when they run, and a "Sync now" button.',
  ],
  runs: ['Runs', 'The history of every sync run with its counts and what happened to each record.'],
  failures: ['Failures', 'Every record that did not make it, why in plain words, and one-click retry.'],
  settings: ['Settings', 'Workspace name, credential rotation reminders, notifications and data retention.'],
} as const;

// Hash routes: a file:// page in the desktop app cannot use history paths, and a reload keeps the view.
const router = createHashRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      { path: 'dashboard', element: <DashboardView /> },
      { path: 'apps', element: <AppsView /> },
      ...Object.entries(placeholders).map(([path, [title, description]]) => ({
        path,
        element: <PlaceholderView title={title} description={description} />,
      })),
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
