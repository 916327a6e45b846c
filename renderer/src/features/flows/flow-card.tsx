import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { App } from '../../../../core/contract/apps.ts';
import type { Flow } from '../../../../core/contract/flows.ts';
import type { schedulerStatusSchema } from '../../../../core/contract/scheduler.ts';
import type { dashboardSchema } from '../../../../core/contract/settings.ts';
import { errorMessage } from '../../lib/field-errors.ts';
import { flowsQueries, useRunFlow, useSetFlowEnabled } from '../../queries/flows-queries.ts';
import type { LiveRun } from '../../queries/run-progress.ts';
import { countsInWords, healthWords, runStatusWords, whenInWords } from './flow-words.ts';
import { plural } from '../../lib/words.ts';

type ScheduleStatus = z.infer<typeof schedulerStatusSchema>['flows'][number];
type FlowHealth = z.infer<typeof dashboardSchema>['flows'][number];

/** One flow in the list: where it copies, when, how it went, and what can be done with it. */
export function FlowCard(props: {
  flow: Flow;
  apps: readonly App[];
  schedule: ScheduleStatus | undefined;
  health: FlowHealth | undefined;
  live: LiveRun | undefined;
  onDelete: () => void;
  onDryRun: () => void;
}) {
  const { flow, apps, live } = props;
  const source = apps.find((a) => a.id === flow.sourceAppId);
  const target = apps.find((a) => a.id === flow.targetAppId);
  const run = useRunFlow();
  const setEnabled = useSetFlowEnabled();
  const lastRun = useQuery(flowsQueries.lastRun(flow.id));
  const id = `flow-${flow.id}`;

  const unconnected = [source, target].find((app) => app && !app.connector);
  const running = live !== undefined || run.isPending;
  // A flow waiting for setup (no connector, no key) cannot run: the server says what is missing.
  const setup = props.health?.health === 'waiting_setup' ? props.health.reason : null;
  const blocked = running
    ? 'Running now. Wait for it to finish.'
    : flow.pausedReason
      ? 'Sync now waits until the problem above is fixed.'
      : unconnected
        ? `Connect ${unconnected.name} first (Apps → ${unconnected.name}).`
        : setup
          ? `Sync now waits for setup: ${setup.replace(/^Waiting for setup: /, '')}`
          : undefined;
  const cannotDryRun = unconnected !== undefined || setup !== null;

  return (
    <li className="card flow-card">
      <article aria-labelledby={`${id}-name`}>
        <header className="flow-card-header">
          <div>
            <h2 id={`${id}-name`}>{flow.name}</h2>
            <p className="flow-route">
              <AppEntity app={source} entity={flow.sourceEntity} />
              <span aria-hidden="true"> → </span>
              <span className="visually-hidden"> to </span>
              <AppEntity app={target} entity={flow.targetEntity} />
            </p>
          </div>
          {props.health && (
            <span className={`pill flow-health-${props.health.health}`}>
              {healthWords[props.health.health]}
            </span>
          )}
        </header>

        {flow.pausedReason && (
          <p className="flow-paused">
            <strong>Patchbay paused this flow:</strong> {flow.pausedReason}
          </p>
        )}

        <dl className="flow-facts">
          <div>
            <dt>Schedule</dt>
            <dd>{props.schedule?.words ?? 'Only when you click Sync now'}</dd>
          </div>
          <div>
            <dt>Next run</dt>
            <dd>{nextRun(flow, props.schedule)}</dd>
          </div>
          <div>
            <dt>Last run</dt>
            <dd>
              {lastRun.data ? (
                <>
                  <Link to={`/runs/${lastRun.data.id}`}>{runStatusWords[lastRun.data.status]}</Link>
                  {lastRun.data.status !== 'running' &&
                    lastRun.data.status !== 'failed' &&
                    `: ${countsInWords(lastRun.data.counts)}`}
                  <br />
                  <span className="muted">
                    {whenInWords(lastRun.data.finishedAt ?? lastRun.data.startedAt)}
                  </span>
                </>
              ) : lastRun.isPending ? (
                '…'
              ) : (
                'Never run'
              )}
            </dd>
          </div>
          <div>
            <dt>Health</dt>
            <dd>
              {props.health ? healthSentence(flow, props.health) : '…'}
              {props.health && props.health.openFailures > 0 && (
                <>
                  <br />
                  <Link to="/failures">
                    {plural(props.health.openFailures, 'record')} waiting to be fixed
                  </Link>
                </>
              )}
            </dd>
          </div>
        </dl>

        <SyncProgress live={live} run={run} />

        <div className="flow-actions">
          <button
            type="button"
            className="button primary"
            disabled={blocked !== undefined}
            aria-describedby={blocked ? `${id}-blocked` : undefined}
            onClick={() => run.mutate(flow.id)}
          >
            {running ? 'Syncing…' : 'Sync now'}
          </button>
          {flow.schedule && (
            <button
              type="button"
              className="button"
              disabled={setEnabled.isPending}
              onClick={() => setEnabled.mutate({ id: flow.id, enabled: !flow.enabled })}
            >
              {flow.enabled ? 'Pause schedule' : 'Resume schedule'}
            </button>
          )}
          <button
            type="button"
            className="button"
            disabled={cannotDryRun}
            aria-describedby={cannotDryRun && blocked ? `${id}-blocked` : undefined}
            onClick={props.onDryRun}
          >
            Dry run
          </button>
          <Link className="button" to={`/flows/${flow.id}/edit`} aria-label={`Edit ${flow.name}`}>
            Edit
          </Link>
          <button
            type="button"
            className="button subtle danger-text"
            aria-label={`Delete ${flow.name}`}
            onClick={props.onDelete}
          >
            Delete
          </button>
          {blocked && (
            <p id={`${id}-blocked`} className="muted flow-blocked">
              {blocked}
            </p>
          )}
        </div>
        {setEnabled.isError && (
          <p role="alert" className="error-banner">
            {errorMessage(setEnabled.error)}
          </p>
        )}
      </article>
    </li>
  );
}

function AppEntity({ app, entity }: { app: App | undefined; entity: string }) {
  return (
    <span className="flow-app">
      {app ? <Link to={`/apps/${app.id}`}>{app.name}</Link> : 'A removed app'}{' '}
      <span className="chip">{entity}</span>
    </span>
  );
}

function nextRun(flow: Flow, schedule: ScheduleStatus | undefined): string {
  if (!flow.schedule) return 'None: no schedule';
  if (flow.pausedReason) return 'None until the problem is fixed';
  if (!flow.enabled) return 'None: the schedule is paused';
  return schedule?.nextRunAt ? whenInWords(schedule.nextRunAt) : '…';
}

// The server's reason is a sentence of its own; Patchbay's pause is already spelled out above
// (and the pill says "Paused"), so it is not said again here.
function healthSentence(flow: Flow, health: FlowHealth): string {
  if (flow.pausedReason) return 'See the reason above.';
  return health.reason ?? healthWords[health.health];
}

/** While a run goes: its pages and counts, from the run events. After "Sync now": how it ended. */
function SyncProgress({ live, run }: { live: LiveRun | undefined; run: ReturnType<typeof useRunFlow> }) {
  if (live)
    return (
      <div className="flow-progress" role="status">
        <progress aria-label="Sync in progress" />
        <span>
          Syncing…{' '}
          {live.counts
            ? `page ${live.page}: ${plural(live.counts.read, 'record')} read, ${countsInWords(live.counts)}`
            : 'reading the first page'}
        </span>
      </div>
    );
  if (run.isPending)
    return (
      <div className="flow-progress" role="status">
        <progress aria-label="Sync in progress" />
        <span>Starting the sync…</span>
      </div>
    );
  if (run.isError)
    return (
      <p role="alert" className="error-banner">
        {errorMessage(run.error)}
      </p>
    );
  if (run.data)
    return (
      <p role="status" className={`flow-result flow-result-${run.data.status}`}>
        Sync {run.data.status === 'succeeded' ? 'finished' : runStatusWords[run.data.status].toLowerCase()}:{' '}
        {countsInWords(run.data.counts)}.{run.data.error ? ` ${run.data.error}` : ''}
        {run.data.counts.failed > 0 && (
          <>
            {' '}
            <Link to="/failures">See what failed</Link>
          </>
        )}
      </p>
    );
  return null;
}
