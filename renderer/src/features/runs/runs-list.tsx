import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Run } from '../../../../core/contract/runs.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import { useLiveRuns, type LiveRun } from '../../queries/run-progress.ts';
import { runsQueries } from '../../queries/runs-queries.ts';
import { countsSummary, formatDuration, triggerLabels } from './labels.ts';
import { Pager } from './pager.tsx';
import { readFilters, RunFilters, toApiFilter } from './run-filters.tsx';
import { RunStatus } from './run-status.tsx';
import { useUrlFilters } from './use-url-filters.ts';
import { QueryStatus } from '../../components/query-status.tsx';
import { flowsQueries } from '../../queries/flows-queries.ts';
import { formatDateTime } from '../../lib/words.ts';

const pageSize = 50;

/** Every run, newest first, filtered and paged through the URL so a filtered view can be reloaded or shared. */
export function RunsList() {
  useDocumentTitle('Runs');
  const { params, offset, set, setOffset, clear } = useUrlFilters();
  const values = readFilters(params);
  const flows = useQuery(flowsQueries.list());
  const runs = useQuery(runsQueries.list({ ...toApiFilter(values), limit: pageSize, offset }));
  const live = useLiveRuns();

  const filtered = Object.values(values).some(Boolean);

  return (
    <section aria-labelledby="view-title" className="runs-view">
      <ViewHeader
        title="Runs"
        description="Every time a flow ran: when, why, how it went and how many records it moved."
      />

      <RunFilters values={values} flows={flows.data ?? []} onChange={set} onClear={clear} />

      <QueryStatus query={runs} loading="Loading the run history…" failed="Could not load the run history" />
      {runs.data?.total === 0 && (
        <div className="empty-state">
          {filtered ? (
            <>
              <p className="empty-title">No runs match these filters</p>
              <p>Choose another flow, result or dates, or clear the filters to see every run.</p>
              <button type="button" className="button" onClick={clear}>
                Clear filters
              </button>
            </>
          ) : (
            <>
              <p className="empty-title">No runs yet</p>
              <p>
                A run appears here each time a flow copies records: on its schedule, or when you start it from{' '}
                <Link to="/flows">Flows</Link>.
              </p>
            </>
          )}
        </div>
      )}
      {runs.data && runs.data.total > 0 && (
        <>
          <div className="table-wrap">
            <table className="table runs-table">
              <caption className="visually-hidden">Run history, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Flow</th>
                  <th scope="col">Why it ran</th>
                  <th scope="col">Result</th>
                  <th scope="col">Started</th>
                  <th scope="col">Took</th>
                  <th scope="col">Records</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.items.map((run) => (
                  <RunRow key={run.id} run={run} live={live.get(run.flowId)} />
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            offset={offset}
            shown={runs.data.items.length}
            total={runs.data.total}
            pageSize={pageSize}
            noun={['run', 'runs']}
            busy={runs.isPlaceholderData}
            onOffset={setOffset}
          />
        </>
      )}
    </section>
  );
}

function RunRow({ run, live }: { run: Run; live: LiveRun | undefined }) {
  // Progress events carry the counts so far; the stored row only has them at the end.
  const progress = run.status === 'running' && live?.runId === run.id ? live : undefined;
  return (
    <tr>
      <th scope="row">
        <Link to={`/runs/${run.id}`} aria-label={`Run ${run.id}: ${run.flowName}`}>
          #{run.id}
        </Link>
      </th>
      <td>
        <FlowName run={run} />
      </td>
      <td>{triggerLabels[run.trigger]}</td>
      <td>
        <RunStatus status={run.status} />
      </td>
      <td>{formatDateTime(run.startedAt)}</td>
      <td>{formatDuration(run.startedAt, run.finishedAt)}</td>
      <td>
        {progress?.counts ? countsSummary(progress.counts) : countsSummary(run.counts)}
        {progress && (
          <span className="muted">
            {' '}
            ({progress.page} {progress.page === 1 ? 'page' : 'pages'} so far)
          </span>
        )}
        {run.error && <p className="run-error">{run.error}</p>}
      </td>
    </tr>
  );
}

/** A run's flow by name; a deleted flow's runs stay in the history, marked as such. */
function FlowName({ run }: { run: Run }) {
  if (!run.flowDeleted) return <>{run.flowName}</>;
  return (
    <>
      {run.flowName} <span className="chip">deleted flow</span>
    </>
  );
}
