import type { Failure } from '../../../../core/contract/flows.ts';

import { failureStateLabels, recordTitle } from './labels.ts';
import { RecordFields } from './record-fields.tsx';
import { formatDateTime } from '../../lib/words.ts';

/** When Patchbay tries again by itself, or that it will not without someone. */
function nextTry(failure: Failure): string {
  if (failure.state === 'resolved' || failure.state === 'ignored')
    return `${failureStateLabels[failure.state]} ${formatDateTime(failure.updatedAt)}`;
  if (failure.nextAttemptAt) return `Next automatic retry ${formatDateTime(failure.nextAttemptAt)}`;
  return 'Patchbay will not retry it by itself';
}

/** What a person can do with one open failed record, beside choosing it. */
export interface FailureActions {
  selected: boolean;
  onToggle: (selected: boolean) => void;
  /** Sends this one record again now: the one click after fixing it at the source. */
  onRetry: () => void;
  /** Opens the record's values to correct, then retries with them. */
  onEdit: () => void;
  /** Hands the record to someone, or notes what is happening with it. */
  onAssign: () => void;
  retrying: boolean;
}

/**
 * One failed record: what it held, what the app said, how often Patchbay tried and
 * what happens next, who it is assigned to, and a link to it in its app. With
 * `selection`, a checkbox to choose it, and its own Retry, Edit and Assign buttons.
 */
export function FailureItem(props: { failure: Failure; selection?: FailureActions | undefined }) {
  const { failure, selection } = props;
  const title = recordTitle(failure);
  const checkboxId = `failure-${failure.id}-select`;
  const titleId = `failure-${failure.id}-title`;
  return (
    <li className={selection?.selected ? 'failure-item selected' : 'failure-item'} aria-labelledby={titleId}>
      {selection && (
        <input
          id={checkboxId}
          type="checkbox"
          className="failure-check"
          checked={selection.selected}
          onChange={(e) => selection.onToggle(e.target.checked)}
          aria-label={`Select ${title}`}
        />
      )}
      <div className="failure-record">
        <p className="failure-title" id={titleId}>
          {title} <span className="muted">· record {failure.sourceRecordId}</span>
        </p>
        <RecordFields payload={failure.payload} label={`Data of ${title}`} />
        {failure.sourceLink && (
          <p className="source-link">
            <a href={failure.sourceLink.url} target="_blank" rel="noopener noreferrer">
              Open in {failure.sourceLink.appName}
              <span className="visually-hidden"> (opens in the browser)</span>
            </a>
          </p>
        )}
      </div>
      <div className="failure-outcome">
        <p className="failure-message">{failure.message}</p>
        <p className="muted">
          {failure.attempts === 1 ? 'Tried once' : `Tried ${failure.attempts} times`} · {nextTry(failure)}
        </p>
        <p>
          <span className={`pill failure-state state-${failure.state}`}>
            {failureStateLabels[failure.state]}
          </span>
          {failure.assignee && <span className="failure-assignee">Assigned to {failure.assignee}</span>}
        </p>
        {failure.note && <p className="failure-note">Note: {failure.note}</p>}
        {selection && (
          <div className="failure-actions">
            <button
              type="button"
              className="button"
              aria-label={`Retry ${title}`}
              disabled={selection.retrying}
              onClick={selection.onRetry}
            >
              Retry
            </button>
            <button
              type="button"
              className="button"
              aria-label={`Edit and retry ${title}`}
              disabled={selection.retrying}
              onClick={selection.onEdit}
            >
              Edit and retry…
            </button>
            <button
              type="button"
              className="button subtle"
              aria-label={`Assign or note ${title}`}
              onClick={selection.onAssign}
            >
              Assign or note…
            </button>
          </div>
        )}
      </div>
    </li>
  );
}
