import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { RecordHistory } from '../../../../core/contract/runs.ts';
import { QueryStatus } from '../../components/query-status.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import { formatDateTime } from '../../lib/words.ts';
import { appsQueries } from '../../queries/apps-queries.ts';
import { flowsQueries } from '../../queries/flows-queries.ts';
import { runsQueries } from '../../queries/runs-queries.ts';
import { failureStateLabels } from '../failures/labels.ts';
import { triggerLabels } from '../runs/labels.ts';
import './find-record.css';

type Outcome = RecordHistory['runs'][number]['outcome'];

const outcomeWords: Record<Outcome, { label: string; tone: string; mark: string }> = {
  created: { label: 'Created', tone: 'status-good', mark: '+' },
  updated: { label: 'Updated', tone: 'status-good', mark: '✓' },
  unchanged: { label: 'Unchanged', tone: 'status-none', mark: '=' },
  failed: { label: 'Failed', tone: 'status-bad', mark: '✕' },
  deleted: { label: 'Deleted at source', tone: 'status-none', mark: '−' },
};

/**
 * "What happened to maria@example.com?": a record found by its email, order number or
 * id in either app, with every run still in the history that read it, and its failures.
 * The search is in the address (?q=), so an answer can be reloaded or shared.
 */
export function FindRecordView() {
  useDocumentTitle('Find a record');
  const [params, setParams] = useSearchParams();
  const asked = params.get('q') ?? '';
  const [text, setText] = useState(asked);
  const found = useQuery(runsQueries.findRecord(asked));

  function submit(event: FormEvent) {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  }

  return (
    <section aria-labelledby="view-title" className="find-view">
      <ViewHeader
        title="Find a record"
        description="What happened to one customer, order or contact: every run that read it and what each did."
      />
      <form role="search" className="find-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="find-query">Email, order number or record id</label>
          <input
            id="find-query"
            type="search"
            value={text}
            maxLength={200}
            placeholder="maria@example.com"
            aria-describedby="find-hint"
            onChange={(e) => setText(e.target.value)}
          />
          <p id="find-hint" className="field-hint">
            The value the flow matches records by (its match key), or the record’s id in either app. Up to 200
            characters.
          </p>
        </div>
        <button type="submit" className="button primary" disabled={text.trim() === ''}>
          Find
        </button>
      </form>

      {asked && (
        <QueryStatus query={found} loading={`Looking for ${asked}…`} failed="Could not search the history" />
      )}
      {found.data && <Answer asked={asked} records={found.data.records} />}
    </section>
  );
}

function Answer({ asked, records }: { asked: string; records: RecordHistory[] }) {
  if (records.length === 0)
    return (
      <div className="empty-state" role="status">
        <p className="empty-title">No record matches “{asked}”</p>
        <p>
          Check the spelling, or try the record’s id. Runs older than the history kept (Settings) are no
          longer searched.
        </p>
      </div>
    );
  return (
    <>
      <p role="status" className="muted">
        {records.length === 1 ? 'One record matches' : `${records.length} records match`} “{asked}”.
      </p>
      {records.map((record) => (
        <RecordCard key={`${record.flowId}\u0000${record.sourceRecordId}`} record={record} />
      ))}
    </>
  );
}

function RecordCard({ record }: { record: RecordHistory }) {
  const flows = useQuery(flowsQueries.list());
  const apps = useQuery(appsQueries.list());
  const flow = flows.data?.find((f) => f.id === record.flowId);
  const appName = (id: string | undefined, fallback: string) =>
    apps.data?.find((a) => a.id === id)?.name ?? fallback;
  const source = appName(flow?.sourceAppId, 'the source app');
  const target = appName(flow?.targetAppId, 'the target app');
  const headingId = `record-${record.flowId}-${record.sourceRecordId}`;
  return (
    <article className="card find-record" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {record.key ?? `Record ${record.sourceRecordId}`}
        <span className="muted"> in {record.flowName}</span>
        {record.flowDeleted && <span className="chip">deleted flow</span>}
      </h2>
      <p className="muted">
        Id in {source}: {record.sourceRecordId}
        {' · '}
        {record.targetRecordId ? `id in ${target}: ${record.targetRecordId}` : `not in ${target} yet`}
      </p>
      {record.runs.length === 0 ? (
        <p>No run in the history read this record.</p>
      ) : (
        <div className="table-wrap">
          <table className="table find-runs">
            <caption className="visually-hidden">Runs that read this record, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Started</th>
                <th scope="col">Why it ran</th>
                <th scope="col">What happened to this record</th>
              </tr>
            </thead>
            <tbody>
              {record.runs.map((run) => {
                const words = outcomeWords[run.outcome];
                return (
                  <tr key={run.runId}>
                    <th scope="row">
                      <Link to={`/runs/${run.runId}`} aria-label={`Run ${run.runId}`}>
                        #{run.runId}
                      </Link>
                    </th>
                    <td>{formatDateTime(run.startedAt)}</td>
                    <td>{triggerLabels[run.trigger]}</td>
                    <td>
                      <span className={`pill ${words.tone}`}>
                        <span aria-hidden="true">{words.mark} </span>
                        {words.label}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {record.failures.length > 0 && (
        <>
          <h3>Failures</h3>
          <ul className="find-failures">
            {record.failures.map((failure) => (
              <li key={failure.id}>
                <strong>{failureStateLabels[failure.state]}:</strong> {failure.message}
                {/* What to do, only while something is left to do. */}
                {(failure.state === 'open' || failure.state === 'needs-attention') && (
                  <>
                    {' '}
                    <span className="muted">({failure.explanation.action})</span>{' '}
                    <Link to={`/failures?flow=${encodeURIComponent(failure.flowId)}`}>Open in Failures</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
