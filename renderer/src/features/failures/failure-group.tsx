import type { Failure } from '../../../../core/contract/flows.ts';
import { FailureItem, type FailureActions } from './failure-item.tsx';
import { RepeatedFailures } from './repeated-failures.tsx';
import { useMixedCheckbox } from './use-mixed-checkbox.ts';

export interface Group {
  key: string;
  flowId: string;
  errorClass: Failure['errorClass'];
  /** The class in words and what to do, as the core sent it with each failure. */
  explanation: Failure['explanation'];
  failures: Failure[];
  /** What it draws, worked out once per page: one failure, or several folded (`rowsOf`). */
  rows: Failure[][];
}

/** The page's failures by flow and kind of problem, in the order they first appear. */
export function groupFailures(failures: readonly Failure[]): Group[] {
  const groups = new Map<string, Omit<Group, 'rows'>>();
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
  return [...groups.values()].map((group) => ({ ...group, rows: rowsOf(group.failures) }));
}

/** Records sharing a message are folded into one row from this many: folding two saves nothing. */
const foldFrom = 3;

/** A group's failures by their exact message, in the order they first appear. */
export function byMessage(failures: readonly Failure[]): Failure[][] {
  const rows = new Map<string, Failure[]>();
  for (const failure of failures) {
    const row = rows.get(failure.message);
    if (row) row.push(failure);
    else rows.set(failure.message, [failure]);
  }
  return [...rows.values()];
}

/** The rows a group draws: each failure alone, except those sharing a message with enough others. */
const rowsOf = (failures: readonly Failure[]): Failure[][] =>
  byMessage(failures).flatMap((row) => (row.length < foldFrom ? row.map((failure) => [failure]) : [row]));

/**
 * One flow's failures of one kind: what happened and what to do, "select all", and
 * each record; records that failed with the very same message share one row with a
 * count (48 identical errors are one row, not a page of them). Closed failures
 * (resolved, ignored) are shown without selection.
 */
export function FailureGroup(props: {
  group: Group;
  /** How many of its rows to draw now (first-screenful.ts); the group's choices still cover them all. */
  rowsShown: number;
  flowName: string;
  selected: ReadonlySet<number>;
  selectable: boolean;
  onSelect: (ids: number[], selected: boolean) => void;
  onRetryFlow: () => void;
  /** The buttons of one record, when records can be worked on. */
  actionsFor: (failure: Failure) => FailureActions | undefined;
  retrying: boolean;
}) {
  const { group, selected } = props;
  const words = group.explanation;
  const ids = group.failures.map((f) => f.id);
  const chosen = ids.filter((id) => selected.has(id)).length;
  const all = useMixedCheckbox(chosen, ids.length);
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
        {group.rows
          .slice(0, props.rowsShown)
          .map((row) =>
            row.length === 1 ? (
              <FailureItem key={row[0]!.id} failure={row[0]!} selection={props.actionsFor(row[0]!)} />
            ) : (
              <RepeatedFailures
                key={row[0]!.id}
                failures={row}
                selected={selected}
                selectable={props.selectable}
                onSelect={props.onSelect}
                actionsFor={props.actionsFor}
              />
            ),
          )}
      </ul>
    </section>
  );
}
