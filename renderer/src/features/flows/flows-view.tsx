import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Route, Routes, useLocation } from 'react-router';
import type { Flow } from '../../../../core/contract/flows.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import { appsQueries } from '../../queries/apps-queries.ts';
import { flowsQueries } from '../../queries/flows-queries.ts';
import { useLiveRuns } from '../../queries/run-progress.ts';
import { DeleteFlowDialog } from './delete-flow-dialog.tsx';
import { DryRunDialog } from './dry-run-dialog.tsx';
import { FlowCard } from './flow-card.tsx';
import { FlowEditor } from './flow-editor.tsx';
import './flows.css';
import { QueryStatus } from '../../components/query-status.tsx';
import { dashboardQueries, schedulerQueries } from '../../queries/dashboard-queries.ts';

/** The list at /flows, the editor at /flows/new and /flows/:flowId/edit. */
export function FlowsView() {
  return (
    <Routes>
      <Route index element={<FlowList />} />
      <Route path="new" element={<FlowEditor />} />
      <Route path=":flowId/edit" element={<FlowEditor />} />
    </Routes>
  );
}

type Dialog = { kind: 'delete' | 'dryRun'; flow: Flow } | undefined;

/** Every flow: what it copies where, when it runs next, how its last run went. */
function FlowList() {
  useDocumentTitle('Flows');
  const flows = useQuery(flowsQueries.list());
  const apps = useQuery(appsQueries.list());
  const schedules = useQuery(schedulerQueries.status());
  const health = useQuery(dashboardQueries.summary());
  const live = useLiveRuns();
  const [dialog, setDialog] = useState<Dialog>();
  const saved = (useLocation().state as { saved?: string } | null)?.saved;

  return (
    <section aria-labelledby="view-title" className="flows-view">
      <ViewHeader
        title="Flows"
        description="Each flow copies one kind of record from one app to another — new and changed ones, on a schedule or when you click Sync now."
        actions={
          flows.data &&
          flows.data.length > 0 && (
            <Link className="button primary" to="/flows/new">
              Create a flow
            </Link>
          )
        }
      />

      {saved && (
        <p role="status" className="flow-saved">
          Saved {saved}.
        </p>
      )}
      <QueryStatus query={flows} loading="Loading the flows…" failed="Could not load the flows" />
      {flows.data?.length === 0 && (
        <div className="empty-state">
          <p className="empty-title">No flows yet</p>
          <p>
            A flow keeps two apps in step: it reads records from one app (for example contacts in your CRM),
            changes them as you say, and writes them into another (for example customers in your billing app).
          </p>
          {apps.data?.length === 0 && (
            <p>
              A flow connects apps from your inventory: <Link to="/apps">add your apps</Link> first.
            </p>
          )}
          <Link className="button primary" to="/flows/new">
            Create a flow
          </Link>
        </div>
      )}
      {flows.data && flows.data.length > 0 && (
        <ul className="flow-list" aria-label="Flows">
          {flows.data.map((flow) => (
            <FlowCard
              key={flow.id}
              flow={flow}
              apps={apps.data ?? []}
              schedule={schedules.data?.flows.find((s) => s.flowId === flow.id)}
              health={health.data?.flows.find((h) => h.flowId === flow.id)}
              live={live.get(flow.id)}
              onDelete={() => setDialog({ kind: 'delete', flow })}
              onDryRun={() => setDialog({ kind: 'dryRun', flow })}
            />
          ))}
        </ul>
      )}

      {dialog?.kind === 'delete' && (
        <DeleteFlowDialog flow={dialog.flow} onClose={() => setDialog(undefined)} />
      )}
      {dialog?.kind === 'dryRun' && <DryRunDialog flow={dialog.flow} onClose={() => setDialog(undefined)} />}
    </section>
  );
}
