import { useId, useState } from 'react';
import type { Failure } from '../../../../core/contract/flows.ts';
import { FailureItem, type FailureActions } from './failure-item.tsx';
import { useMixedCheckbox } from './use-mixed-checkbox.ts';
import { recordTitle } from './labels.ts';

/** How many names the folded row shows before "and 45 more". */
const namesShown = 3;

/**
 * Records that failed with the very same message, as one row: the message once, how many
 * records, a few of their names, "select these", and "Show records" to unfold each one.
 */
export function RepeatedFailures(props: {
  failures: readonly Failure[];
  selected: ReadonlySet<number>;
  selectable: boolean;
  onSelect: (ids: number[], selected: boolean) => void;
  actionsFor: (failure: Failure) => FailureActions | undefined;
}) {
  const { failures, selected } = props;
  const [open, setOpen] = useState(false);
  const listId = useId();
  const messageId = useId();
  const ids = failures.map((f) => f.id);
  const chosen = ids.filter((id) => selected.has(id)).length;
  const check = useMixedCheckbox(chosen, ids.length);
  const count = failures.length.toLocaleString();
  const names = failures.slice(0, namesShown).map(recordTitle);
  const more = failures.length - names.length;

  return (
    <li className="failure-repeat" aria-labelledby={messageId}>
      {props.selectable && (
        <input
          ref={check}
          type="checkbox"
          className="failure-check"
          checked={chosen === ids.length}
          onChange={(e) => props.onSelect(ids, e.target.checked)}
          aria-label={`Select the ${count} records with this error`}
        />
      )}
      <div className="failure-repeat-summary">
        <p className="failure-message" id={messageId}>
          {failures[0]!.message}
        </p>
        <p className="muted">
          <strong className="repeat-count">{count} records</strong> failed with this error: {names.join(', ')}
          {more > 0 && ` and ${more.toLocaleString()} more`}.
        </p>
        <button
          type="button"
          className="button subtle"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide records' : `Show ${count} records`}
        </button>
      </div>
      <ul id={listId} className="failure-list repeat-records" hidden={!open}>
        {open &&
          failures.map((failure) => {
            const actions = props.actionsFor(failure);
            return (
              <FailureItem key={failure.id} failure={failure} {...(actions ? { selection: actions } : {})} />
            );
          })}
      </ul>
    </li>
  );
}
