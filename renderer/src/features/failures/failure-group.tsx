import { useEffect, useRef } from 'react';
import type { Failure } from '../../../../core/contract/flows.ts';
import { FailureItem } from './failure-item.tsx';

export interface Group {
  key: string;
  flowId: string;
  errorClass: Failure['errorClass'];
  /** The class in words and what to do, as the core sent it with each failure. */
  explanation: Failure['explanation'];
  failures: Failure[];
}

/** The page's failures by flow and kind of problem, in the order they first appear. */
export function groupFailures(failures: readonly Failure[]): Group[] {
  const groups = new Map<string, Group>();
  for (const failure of failures) {
    const key = `${failure.flowId}\u0000${failure.errorClass}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        flowId: failure.flowId,
        errorClass: failure.errorClass,
        explanation: failure.explanation,
        failures: [],
      };
      groups.set(key, group);
    }
    group.failures.push(failure);
  }
  return [...groups.values()];
}

/**
 * One flow's failures of one kind: what happened and what to do, "select all", and
 * each record. Closed failures (resolved, ignored) are shown without selection.
 */
export function FailureGroup(props: {
  group: Group;
  flowName: string;
  selected: ReadonlySet<number>;
  selectable: boolean;
  onSelect: (ids: number[], selected: boolean) => void;
  onRetryFlow: () => void;
  onRetryOne: (id: number) => void;
  retrying: boolean;
}) {
  const { group, selected } = props;
  const words = group.explanation;
  const ids = group.failures.map((f) => f.id);
  const chosen = ids.filter((id) => selected.has(id)).length;
  const all = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // A partly chosen group shows the mixed state, as a file manager does.
    if (all.current) all.current.indeterminate = chosen > 0 && chosen < ids.length;
  }, [chosen, ids.length]);
  const headingId = `group-${group.flowId}-${group.errorClass}`;

  return (
    <section className="failure-group" aria-labelledby={headingId}>
      <header className="failure-group-header">
        <div>
          <h2 id={headingId}>
            {props.flowName}: {words.title}
          </h2>
          <p className="muted">What to do: {words.action}</p>
        </div>
        {props.selectable && (
          <button type="button" className="button" disabled={props.retrying} onClick={props.onRetryFlow}>
            Retry all of this flow
          </button>
        )}
      </header>
      {props.selectable && (
        <label className="select-all">
          <input
            ref={all}
            type="checkbox"
            checked={chosen === ids.length}
            onChange={(e) => props.onSelect(ids, e.target.checked)}
          />
          Select all in this group ({ids.length.toLocaleString()} on this page)
        </label>
      )}
      <ul className="failure-list" aria-labelledby={headingId}>
        {group.failures.map((failure) => (
          <FailureItem
            key={failure.id}
            failure={failure}
            {...(props.selectable
              ? {
                  selection: {
                    selected: selected.has(failure.id),
                    onToggle: (on: boolean) => props.onSelect([failure.id], on),
                    onRetry: () => props.onRetryOne(failure.id),
                    retrying: props.retrying,
                  },
                }
              : {})}
          />
        ))}
      </ul>
    </section>
  );
}
