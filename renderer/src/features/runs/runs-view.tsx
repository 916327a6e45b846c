import { Route, Routes } from 'react-router';
import { RunPage } from './run-page.tsx';
import { RunsList } from './runs-list.tsx';
import './runs.css';

/** Run history at /runs, one run's page at /runs/:runId. */
export function RunsView() {
  return (
    <Routes>
      <Route index element={<RunsList />} />
      <Route path=":runId" element={<RunPage />} />
    </Routes>
  );
}
