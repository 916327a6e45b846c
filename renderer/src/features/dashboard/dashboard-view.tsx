import { useQuery } from '@tanstack/react-query';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import { errorMessage } from '../../lib/field-errors.ts';
import { appsQueries } from '../../queries/apps-queries.ts';
import { dashboardQueries, schedulerQueries } from '../../queries/dashboard-queries.ts';
import { healthQueries } from '../../queries/health-queries.ts';
import { useLiveRuns } from '../../queries/run-progress.ts';
import { settingsQueries } from '../../queries/settings-queries.ts';
import { summarizeHealth } from './dashboard-words.ts';
import { FigureCards } from './figure-cards.tsx';
import { GetStarted } from './get-started.tsx';
import { HealthPanel } from './health-panel.tsx';
import { RecordsChart } from './records-chart.tsx';
import { RunsInProgress, type RunInProgress } from './runs-in-progress.tsx';
import { AppsNeedingAttention, NextRuns, type AppAttention } from './schedule-cards.tsx';
import './dashboard.css';
import { flowsQueries } from '../../queries/flows-queries.ts';

/** "Is everything syncing?" at a glance; every figure refreshes from pushed events. */
export function DashboardView() {
  useDocumentTitle('Dashboard');
  const health = useQuery(healthQueries.status());
  const dashboard = useQuery(dashboardQueries.summary());
  const flows = useQuery(flowsQueries.list());
  const scheduler = useQuery(schedulerQueries.status());
  const circuits = useQuery(appsQueries.circuits());
  const credentials = useQuery(dashboardQueries.credentials());
  const connections = useQuery(appsQueries.connections());
  const apps = useQuery(appsQueries.list());
  const settings = useQuery(settingsQueries.get());
  const live = useLiveRuns();

  const failed = [health, dashboard, flows].find((q) => q.isError);
  const ready = health.data && dashboard.data && flows.data;
  const flowNames = new Map((flows.data ?? []).map((f) => [f.id, f.name]));
  const appNames = new Map((apps.data ?? []).map((a) => [a.id, a.name]));

  return (
    <section aria-labelledby="view-title" className="dashboard">
      <ViewHeader
        title="Dashboard"
        description={settings.data && `Workspace: ${settings.data.workspaceName}`}
      />
      {failed && (
        <p role="alert" className="error-banner">
          Could not load the dashboard: {errorMessage(failed.error)}
        </p>
      )}
      {!failed && !ready && <p role="status">Loading…</p>}
      {ready &&
        (flows.data.length === 0 ? (
          <GetStarted appCount={health.data.appCount} />
        ) : (
          <div className="dashboard-grid">
            <HealthPanel
              summary={summarizeHealth(dashboard.data.flows, pausedByPatchbay(flows.data))}
              {...(scheduler.data ? { scheduler: scheduler.data } : {})}
            />
            <RunsInProgress runs={runsInProgress(live, scheduler.data?.running ?? [], flowNames)} />
            <FigureCards dashboard={dashboard.data} />
            <section className="card">
              <RecordsChart perDay={dashboard.data.synced.perDay} />
            </section>
            <div className="two-columns">
              {scheduler.data && (
                <NextRuns
                  scheduler={scheduler.data}
                  runnable={
                    new Map(flows.data.filter((f) => f.enabled && !f.pausedReason).map((f) => [f.id, f.name]))
                  }
                />
              )}
              <AppsNeedingAttention
                items={attentionItems(
                  credentials.data ?? [],
                  circuits.data ?? [],
                  connections.data ?? [],
                  appNames,
                )}
                {...(credentials.isError ? { unknown: errorMessage(credentials.error) } : {})}
              />
            </div>
          </div>
        ))}
    </section>
  );
}

/**
 * Flows Patchbay stopped that would otherwise run. A flow switched off by hand stays
 * "off by hand" even when its app's connection also fails: that shows under connections.
 */
function pausedByPatchbay(flows: { id: string; enabled: boolean; pausedReason: string | null }[]) {
  return new Set(flows.filter((f) => f.enabled && f.pausedReason).map((f) => f.id));
}

/** Runs the events told us about, plus those the scheduler reports that began before this page opened. */
function runsInProgress(
  live: ReturnType<typeof useLiveRuns>,
  running: { flowId: string }[],
  flowNames: ReadonlyMap<string, string>,
): RunInProgress[] {
  const flowIds = new Set([...live.keys(), ...running.map((r) => r.flowId)]);
  return [...flowIds].map((flowId) => ({
    flowId,
    flowName: flowNames.get(flowId) ?? 'A flow',
    live: live.get(flowId),
  }));
}

/**
 * Credentials that need a person (missing, expiring, refused…), then apps Patchbay
 * paused or a connection test found silent or refusing, which the credential list does
 * not cover.
 */
function attentionItems(
  credentials: { appId: string; appName: string; health: string; message: string }[],
  circuits: { appId: string; reason: string }[],
  connections: { appId: string; state: string; message: string }[],
  appNames: ReadonlyMap<string, string>,
): AppAttention[] {
  const items: AppAttention[] = credentials
    .filter((c) => c.health !== 'ok')
    .map((c) => ({
      key: `credential-${c.appId}`,
      appId: c.appId,
      appName: c.appName,
      message: c.message,
      severity: c.health === 'never_used' ? ('note' as const) : ('warning' as const),
    }));
  // A pause, or a connection test that found the app silent or refusing, outranks a note
  // about the same app ("saved but not tried yet"), and adds nothing to a warning.
  const warn = (appId: string, key: string, message: string) => {
    const existing = items.findIndex((item) => item.appId === appId);
    if (existing >= 0 && items[existing]!.severity === 'warning') return;
    const item = {
      key,
      appId,
      appName: appNames.get(appId) ?? 'An app',
      message,
      severity: 'warning' as const,
    };
    if (existing >= 0) items[existing] = item;
    else items.push(item);
  };
  for (const c of circuits) warn(c.appId, `circuit-${c.appId}`, `Patchbay paused its flows. ${c.reason}`);
  for (const c of connections)
    if (['refused', 'unreachable', 'failing'].includes(c.state))
      warn(c.appId, `connection-${c.appId}`, c.message);
  return items;
}
