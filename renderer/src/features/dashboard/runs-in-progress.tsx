import { useQuery } from '@tanstack/react-query';
import { dashboardQueries } from '../../queries/dashboard-queries.ts';
import type { LiveRun } from '../../queries/run-progress.ts';
import { plural } from '../../lib/words.ts';

export interface RunInProgress {
  flowId: string;
  flowName: string;
  /** Undefined for a run that began before this page opened: no page count yet. */
  live: LiveRun | undefined;
}

/** Runs going on right now, each with a progress bar that moves with every page written. */
export function RunsInProgress({ runs }: { runs: RunInProgress[] }) {
  if (runs.length === 0) return null;
  return (
    <section className="card" aria-labelledby="in-progress-title">
      <h2 id="in-progress-title">Running now</h2>
      <ul className="progress-list">
        {runs.map((run) => (
          <li key={run.flowId}>
            <RunProgress run={run} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function RunProgress({ run }: { run: RunInProgress }) {
  // A run reads about as many records as the last one did: that makes the bar a guess
  // of how far along it is. Without an earlier run the bar only shows that it moves.
  const recent = useQuery(dashboardQueries.recentRuns(run.flowId));
  const previous = recent.data?.items.find((r) => r.status !== 'running' && r.counts.read > 0);
  const counts = run.live?.counts;
  const read = counts?.read ?? 0;
  const percent =
    previous && counts ? Math.min(99, Math.round((read / previous.counts.read) * 100)) : undefined;
  const text = describe(run.live);
  const labelId = `progress-${run.flowId}`;
  return (
    <>
      <p className="progress-label" id={labelId}>
        <strong>{run.flowName}</strong>
        <span className="muted">{text}</span>
      </p>
      <div
        className={percent === undefined ? 'progress-track indeterminate' : 'progress-track'}
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuetext={percent === undefined ? text : `About ${percent}% done. ${text}`}
        {...(percent === undefined
          ? {}
          : { 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent })}
      >
        <div className="progress-fill" style={percent === undefined ? undefined : { width: `${percent}%` }} />
      </div>
    </>
  );
}

function describe(live: LiveRun | undefined): string {
  if (!live) return 'Running…';
  if (!live.counts || live.page === 0) return 'Starting: reading the first page…';
  const { read, created, updated, failed } = live.counts;
  const written = created + updated;
  const parts = [`Page ${live.page}: ${plural(read, 'record')} read so far`, `${written} written`];
  if (failed > 0) parts.push(`${failed} could not be written`);
  return parts.join(', ');
}
