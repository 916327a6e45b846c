import type { MethodOutput } from '../../../../core/contract/methods.ts';

import { RecordFields } from './record-fields.tsx';
import { plural } from '../../lib/words.ts';

type Samples = MethodOutput<'flows.preview'>['samples'];
type Warnings = MethodOutput<'flows.preview'>['warnings'];

/** Sample records side by side: as the source has them, and as the target would receive them. */
export function FlowPreview(props: {
  samples: Samples;
  warnings: Warnings;
  sourceLabel: string;
  targetLabel: string;
}) {
  const { samples, warnings } = props;
  const refused = samples.filter((s) => s.problem !== null).length;
  // "All mapped" only when no record fails and every field is one the apps have.
  const outcome =
    refused > 0
      ? `; ${refused} would fail.`
      : warnings.length > 0
        ? `, but ${plural(warnings.length, 'field needs', 'fields need')} a look (below).`
        : ', all mapped.';
  return (
    <section className="flow-preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <p role="status">
        {samples.length === 0
          ? `${props.sourceLabel} has no records to preview yet.`
          : `${plural(samples.length, 'sample record')} from ${props.sourceLabel}` +
            outcome +
            ' Nothing was written.'}
      </p>
      {warnings.length > 0 && (
        <ul className="preview-warnings" aria-label="Fields to check">
          {warnings.map((w) => (
            <li key={w.field} className="warning">
              {w.message}
            </li>
          ))}
        </ul>
      )}
      {samples.length > 0 && (
        <div className="table-wrap">
          <table className="table preview-table">
            <caption className="visually-hidden">
              Sample records: {props.sourceLabel} on the left, {props.targetLabel} on the right
            </caption>
            <thead>
              <tr>
                <th scope="col">In {props.sourceLabel}</th>
                <th scope="col" aria-hidden="true" className="preview-arrow" />
                <th scope="col">In {props.targetLabel}</th>
              </tr>
            </thead>
            <tbody>
              {samples.map((s) => (
                <tr key={s.sourceId}>
                  <td>
                    <RecordFields record={s.source} label={`Record ${s.sourceId} in ${props.sourceLabel}`} />
                  </td>
                  <td aria-hidden="true" className="preview-arrow">
                    →
                  </td>
                  <td>
                    {s.target ? (
                      <RecordFields
                        record={s.target}
                        label={`Record ${s.sourceId} in ${props.targetLabel}`}
                      />
                    ) : (
                      <p className="preview-problem">Would fail: {s.problem}</p>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
