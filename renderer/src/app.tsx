import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHashRouter, Navigate, RouterProvider, type LoaderFunctionArgs } from 'react-router';
import { Layout } from './components/layout.tsx';
import { RouteError } from './components/route-error.tsx';
import { stopEarlyAnswers } from './api/bridge.ts';
import { showNoticesInBrowser } from './api/browser-notifications.ts';
import { subscribeToLiveUpdates } from './queries/live-updates.ts';
import { homePath, routePath, views } from './views.ts';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 10_000 } },
});
subscribeToLiveUpdates(queryClient);
showNoticesInBrowser();

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
          { index: true, element: <Navigate to={homePath} replace /> },
          ...views.map(({ path, nested, load, prefetch }) => ({
            path: routePath({ path, nested }),
            lazy: load,
            // Runs beside `lazy`, so the view's data and its code load side by side. It
            // waits for nothing: the view shows its own loading state and errors.
            ...(prefetch && {
              loader: ({ request }: LoaderFunctionArgs) => {
                prefetch(queryClient, new URL(request.url).searchParams);
                return null;
              },
            }),
          })),
          { path: '*', element: <Navigate to={homePath} replace /> },
        ],
      },
    ],
  },
]);

// The first route's loader has run as the router started (its calls took the early
// answers, main.tsx); none is kept for later calls.
stopEarlyAnswers();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
