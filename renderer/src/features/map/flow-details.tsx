import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { RunResultData } from '../../../../core/contract/sync.ts';
import type { Run } from '../../../../core/contract/runs.ts';
import { errorMessage } from '../../lib/field-errors.ts';
import { flowsQueries, useRunFlow } from '../../queries/flows-queries.ts';
import type { LiveRun } from '../../queries/run-progress.ts';
import { lookOf } from './flow-edge.tsx';

import type { MapFlow } from './map-graph.ts';
import { schedulerQueries } from '../../queries/dashboard-queries.ts';
import { formatDateTime } from '../../lib/words.ts';

/** A flow in the panel: where it goes, when it runs, how it is doing, and "Sync now". */
export function FlowDetails(props: {
  entry: MapFlow;
  live: LiveRun | undefined;
  appName: (id: string) => string;
}) {
  const { entry, live, appName } = props;
  const { flow } = entry;
  const look = lookOf(entry);
  const lastRun = useQuery(flowsQueries.lastRun(flow.id));
  return (
    <>
      <p className="map-route">
        <strong>{appName(flow.sourceAppId)}</strong> → <strong>{appName(flow.targetAppId)}</strong>
        <span className="muted"> ({entry.entities})</span>
      </p>
      <SyncNow flowId={flow.id} flowName={flow.name} live={live} />
      <dl className="map-facts">
        <dt>Health</dt>
        <dd>
          <span className="map-health-word" style={{ color: look.colour }}>
            <span className="map-dot" style={{ background: look.colour }} aria-hidden="true" />
            {look.word}
          </span>
          {entry.reason && !entry.running && <span className="map-reason">{entry.reason}</span>}
        </dd>
        <dt>Schedule</dt>
        <dd>
          <ScheduleWords flowId={flow.id} schedule={flow.schedule} enabled={flow.enabled} />
        </dd>
        <dt>Open failures</dt>
        <dd>
          {entry.openFailures === 0 ? (
            'None'
          ) : (
            <>
              {entry.openFailures} record{entry.openFailures === 1 ? '' : 's'} to look at.{' '}
              <Link to={`/failures?flow=${encodeURIComponent(flow.id)}`}>See the failures</Link>
            </>
          )}
        </dd>
        <dt>Last run</dt>
        <dd>
          <LastRun run={lastRun.data} fallback={entry.lastRunAt} />
        </dd>
      </dl>
      <p className="map-panel-links">
        <Link to={`/flows/${encodeURIComponent(flow.id)}/edit`}>Change the flow</Link>
        <Link to="/flows">See all flows</Link>
      </p>
    </>
  );
}

function ScheduleWords({
  flowId,
  schedule,
  enabled,
}: {
  flowId: string;
  schedule: string | null;
  enabled: boolean;
}) {
  const status = useQuery(schedulerQueries.status());
  if (!schedule) return <>No schedule: it runs when you press “Sync now”.</>;
  const planned = status.data?.flows.find((entry) => entry.flowId === flowId);
  const words = planned?.words ?? schedule;
  if (!enabled) return <>{words}, but paused: it does not run by itself.</>;
  return (
    <>
      {words}
      {planned?.nextRunAt && <span className="muted"> (next {formatDateTime(planned.nextRunAt)})</span>}
    </>
  );
}

function LastRun({ run, fallback }: { run: Run | null | undefined; fallback: string | null }) {
  if (!run) return <>{fallback ? formatDateTime(fallback) : 'Never'}</>;
  return (
    <>
      {formatDateTime(run.startedAt)}: {runOutcome(run.status, run.counts)}{' '}
      <Link to={`/runs/${run.id}`}>See the run</Link>
    </>
  );
}

function SyncNow({
  flowId,
  flowName,
  live,
}: {
  flowId: string;
  flowName: string;
  live: LiveRun | undefined;
}) {
  const run = useRunFlow();
  const busy = run.isPending || live !== undefined;
  return (
    <div className="map-sync">
      <button
        type="button"
        className="button primary"
        disabled={busy}
        aria-describedby="map-sync-progress"
        onClick={() => run.mutate(flowId)}
      >
        {busy ? 'Syncing…' : 'Sync now'}
      </button>
      <p id="map-sync-progress" role="status" className="map-sync-progress">
        {busy && progressWords(live)}
        {!busy && run.data && finishedWords(run.data)}
      </p>
      {!busy && run.isError && (
        <p role="alert" className="error-banner">
          Could not sync {flowName}: {errorMessage(run.error)}
        </p>
      )}
    </div>
  );
}

function progressWords(live: LiveRun | undefined): string {
  if (!live?.counts) return 'Syncing now: starting… “Sync now” is off until this run ends.';
  const { read, created, updated, failed } = live.counts;
  return (
    `Syncing now, page ${live.page}: ${read} read, ${created + updated} written` +
    `${failed > 0 ? `, ${failed} could not be written` : ''}. “Sync now” is off until this run ends.`
  );
}

function finishedWords(result: RunResultData): string {
  const outcome = runOutcome(result.status, result.counts);
  return result.error ? `${outcome} ${result.error}` : outcome;
}

const statusWords: Record<Run['status'], string> = {
  running: 'Still running',
  succeeded: 'Finished',
  partial: 'Finished with problems',
  failed: 'Failed',
  cancelled: 'Stopped',
  paused: 'Paused for the daily limit',
};

function runOutcome(status: Run['status'], counts: Run['counts']): string {
  const written = counts.created + counts.updated;
  const parts = [`${counts.read} read`, `${written} written`];
  if (counts.unchanged > 0) parts.push(`${counts.unchanged} already up to date`);
  if (counts.failed > 0) parts.push(`${counts.failed} could not be written`);
  return `${statusWords[status]}: ${parts.join(', ')}.`;
}
