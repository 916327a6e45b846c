import { useQuery } from '@tanstack/react-query';
import type { Flow } from '../../../../core/contract/flows.ts';
import { ModalDialog } from '../../components/modal-dialog.tsx';
import { errorMessage } from '../../lib/field-errors.ts';
import { flowsQueries } from '../../queries/flows-queries.ts';

import { RecordFields } from './record-fields.tsx';
import type { MethodOutput } from '../../../../core/contract/methods.ts';
import { plural } from '../../lib/words.ts';

/** What "Sync now" would do right now, read from the source without writing anything. */
export function DryRunDialog({ flow, onClose }: { flow: Flow; onClose: () => void }) {
  const report = useQuery(flowsQueries.dryRun(flow.id));
  const data = report.data;
  return (
    <ModalDialog title={`Dry run of ${flow.name}`} onClose={onClose} wide>
      <p className="muted">
        What the next sync would do, worked out from the records it would read now, each looked up in{' '}
        {flow.targetEntity} as the sync would look it up. Nothing is written.
      </p>
      {report.isPending && (
        <p role="status" className="flow-progress">
          <progress aria-label="Dry run in progress" /> Reading {flow.sourceEntity} and looking each record up
          in {flow.targetEntity}…
        </p>
      )}
      {report.isError && (
        <p role="alert" className="error-banner">
          The dry run did not finish: {errorMessage(report.error)}
        </p>
      )}
      {data && (
        <div className="dry-run">
          <p role="status">
            It would read {plural(data.read, 'record')} from {flow.sourceEntity}: {data.wouldCreate} to
            create, {data.wouldUpdate} to update, {data.unchanged} already the same, {data.wouldFail} that
            would fail.
          </p>
          {data.notes.map((note) => (
            <p key={note} className="warning" role="note">
              {note}
            </p>
          ))}
          <ul className="dry-run-counts" aria-hidden="true">
            {(
              [
                ['Would create', data.wouldCreate, ''],
                ['Would update', data.wouldUpdate, ''],
                ['Unchanged', data.unchanged, ''],
                ['Would fail', data.wouldFail, data.wouldFail > 0 ? 'dry-run-failing' : ''],
              ] as const
            ).map(([label, count, tone]) => (
              <li key={label} className={`card ${tone}`}>
                <span className="card-figure">{count}</span>
                <span>{label}</span>
              </li>
            ))}
          </ul>
          {data.failures.length > 0 && (
            <>
              <h3>Records that would fail</h3>
              <ul className="dry-run-failures">
                {data.failures.map((f) => (
                  <li key={f.sourceId}>
                    <strong>Record {f.sourceId}:</strong> {f.message}
                  </li>
                ))}
              </ul>
              {data.wouldFail > data.failures.length && (
                <p className="muted">…and {data.wouldFail - data.failures.length} more.</p>
              )}
            </>
          )}
          {data.samples.length > 0 && (
            <>
              <h3>A few records it would write</h3>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Record</th>
                      <th scope="col">Would</th>
                      <th scope="col">As {flow.targetEntity} would receive it</th>
                      <th scope="col">What would change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.samples.map((s) => (
                      <tr key={s.sourceId}>
                        <th scope="row">{s.sourceId}</th>
                        <td>{s.action === 'create' ? 'Create' : 'Update'}</td>
                        <td>
                          <RecordFields record={s.record} label={`Record ${s.sourceId} as written`} />
                        </td>
                        <td>
                          <Changes sample={s} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}

type Sample = MethodOutput<'flows.dryRun'>['samples'][number];

/** An update as a field-by-field diff: what the target holds now, and what it would hold. */
function Changes({ sample }: { sample: Sample }) {
  if (sample.action === 'create') return <>A new record</>;
  if (!sample.changes) return <>Updates the record it matched</>;
  return (
    <ul className="dry-run-changes" aria-label={`Changes to record ${sample.sourceId}`}>
      {sample.changes.map((c) => (
        <li key={c.field}>
          <code>{c.field}</code>: <del>{shown(c.from)}</del> → <ins>{shown(c.to)}</ins>
        </li>
      ))}
    </ul>
  );
}

const shown = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '(empty)'
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
