import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { Run } from '../../../../core/contract/runs.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import { errorMessage } from '../../lib/field-errors.ts';
import { useRetryFailures } from '../../queries/failures-queries.ts';
import { useLiveRuns } from '../../queries/run-progress.ts';
import { runsQueries } from '../../queries/runs-queries.ts';
import { FailureItem } from '../failures/failure-item.tsx';
import { RetryOutcome } from '../failures/retry-outcome.tsx';
import { formatDuration, triggerLabels } from './labels.ts';
import { RunStatus } from './run-status.tsx';
import { RunTimeline } from './run-timeline.tsx';
import { formatDateTime } from '../../lib/words.ts';

const countLabels = [
  ['read', 'Read'],
  ['created', 'Created'],
  ['updated', 'Updated'],
  ['unchanged', 'Already up to date'],
  ['failed', 'Failed'],
] as const;

/** " 3 were deleted at the source and not copied again.", when the source deleted any. */
function deletedInWords(run: Run): string {
  const deleted = run.counts.deleted ?? 0;
  if (deleted === 0) return '';
  return ` ${deleted.toLocaleString()} ${deleted === 1 ? 'was' : 'were'} deleted at the source and not copied again.`;
}

/** How the run went, in one sentence. */
function outcome(run: Run): string {
  const written = run.counts.created + run.counts.updated;
  switch (run.status) {
    case 'succeeded':
      return `Every record went through: ${written.toLocaleString()} written, ${run.counts.unchanged.toLocaleString()} already up to date.${deletedInWords(run)}`;
    case 'partial':
      return `${written.toLocaleString()} written, but ${run.counts.failed.toLocaleString()} could not be. They are listed below with what to do.`;
    case 'failed':
      return `The run stopped before it finished: ${run.error ?? 'no reason was recorded.'}`;
    case 'cancelled':
      return 'The run was cancelled. The records it had already written stay written; the next run carries on from there.';
    case 'paused':
      return `The run stopped at its last saved page, with nothing wrong: ${run.error ?? "an app's daily limit of requests is used up."} The next run carries on from there.`;
    case 'running':
      return 'Running now. The figures update as each page of records is written.';
  }
}

/** One run: how it went, its timeline, and the records that failed in it. */
export function RunPage() {
  const runId = Number(useParams().runId);
  const detail = useQuery({ ...runsQueries.detail(runId), enabled: Number.isInteger(runId) && runId > 0 });
  const live = useLiveRuns();
  const retry = useRetryFailures();
  useDocumentTitle(`Run ${runId}`);

  if (!Number.isInteger(runId) || runId <= 0 || detail.isError)
    return (
      <section aria-labelledby="view-title">
        <h1 id="view-title">Run not found</h1>
        <p role="alert" className="error-banner">
          {detail.isError ? errorMessage(detail.error) : 'This address does not name a run.'}
        </p>
        <Link to="/runs">Back to the run history</Link>
      </section>
    );
  if (detail.isPending) return <p role="status">Loading the run…</p>;

  const { run, failures } = detail.data;
  const progress = live.get(run.flowId);
  const counts =
    run.status === 'running' && progress?.runId === run.id && progress.counts ? progress.counts : run.counts;
  const open = failures.filter((f) => f.state !== 'resolved' && f.state !== 'ignored');

  return (
    <section aria-labelledby="view-title" className="run-page">
      <nav aria-label="Breadcrumb" className="muted">
        <Link to="/runs">Runs</Link> › Run #{run.id}
      </nav>
      <ViewHeader
        title={`Run #${run.id}: ${run.flowName}${run.flowDeleted ? ' (deleted flow)' : ''}`}
        description={`${triggerLabels[run.trigger]} · ${formatDateTime(run.startedAt)} · took ${formatDuration(run.startedAt, run.finishedAt)}`}
        actions={<RunStatus status={run.status} />}
      />

      <p className={run.status === 'failed' ? 'error-banner' : 'run-outcome'}>{outcome(run)}</p>

      <dl className="run-counts" aria-label="Records in this run">
        {countLabels.map(([key, label]) => (
          <div key={key} className={key === 'failed' && counts.failed > 0 ? 'card failed' : 'card'}>
            <dt>{label}</dt>
            <dd className="card-figure">{counts[key].toLocaleString()}</dd>
          </div>
        ))}
        {counts.deleted ? (
          <div className="card">
            <dt>Deleted at source</dt>
            <dd className="card-figure">{counts.deleted.toLocaleString()}</dd>
          </div>
        ) : null}
      </dl>

      <h2>Timeline</h2>
      <RunTimeline detail={detail.data} />

      <div className="run-failures-header">
        <h2 id="run-failures-title">Records that failed</h2>
        {open.length > 0 && (
          <button
            type="button"
            className="button primary"
            disabled={retry.isPending}
            onClick={() => retry.mutate({ runId: run.id })}
          >
            {retry.isPending ? 'Retrying…' : 'Retry the failed records of this run'}
          </button>
        )}
      </div>
      <div role="status" className="retry-outcome">
        {retry.data && <RetryOutcome result={retry.data} />}
      </div>
      {retry.isError && (
        <p role="alert" className="error-banner">
          The retry did not start: {errorMessage(retry.error)}
        </p>
      )}
      {failures.length < counts.failed && (
        <p className="muted">
          {failures.length === 0 ? 'The records' : 'Some records'} that failed here have been retried since:
          each is listed under the run that tried it last, and on the <Link to="/failures">Failures</Link>{' '}
          page while it still needs attention.
        </p>
      )}
      {failures.length === 0 && counts.failed === 0 && <p className="muted">No record failed in this run.</p>}
      {failures.length > 0 && (
        <ul className="failure-list" aria-labelledby="run-failures-title">
          {failures.map((failure) => (
            <FailureItem key={failure.id} failure={failure} />
          ))}
        </ul>
      )}
    </section>
  );
}
