import { startTransition, useEffect, useState } from 'react';
import type { Failure } from '../../../../core/contract/flows.ts';
import { FailureGroup, type Group } from './failure-group.tsx';
import type { FailureActions } from './failure-item.tsx';
import { flowNameOf } from './flow-name.ts';
import { firstScreenful, rowsShownPerGroup } from './first-screenful.ts';

/**
 * The first screenful of rows, and after the browser has painted them, every row. Not
 * React's `useDeferredValue(…, initialValue)`: that starts on the rest at once, in slices
 * that run before the browser's next frame, so the first rows waited for part of it.
 */
function useAllAfterFirstPaint(): number {
  const [budget, setBudget] = useState(firstScreenful);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame's callbacks run just before it is painted; a task queued there runs after.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setBudget(Number.POSITIVE_INFINITY)));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return budget;
}

/**
 * One page of failures, by group. Mounted once per page (its key), it draws the first
 * screenful of rows, then the rest of the page once the browser has painted them: the
 * first rows are on screen without waiting for the 100th (issue 17). Rows are added below
 * the first ones, so nothing on screen moves; every row of the page is in the document a
 * moment later.
 */
export function FailureGroups(props: {
  groups: readonly Group[];
  selected: ReadonlySet<number>;
  selectable: boolean;
  onSelect: (ids: number[], selected: boolean) => void;
  onRetryFlow: (flowId: string) => void;
  actionsFor: (failure: Failure) => FailureActions | undefined;
  retrying: boolean;
}) {
  const budget = useAllAfterFirstPaint();
  const shown = rowsShownPerGroup(
    props.groups.map((group) => group.rows.length),
    budget,
  );
  return props.groups.map(
    (group, i) =>
      shown[i]! > 0 && (
        <FailureGroup
          key={group.key}
          group={group}
          rowsShown={shown[i]!}
          flowName={flowNameOf(group.failures[0]!)}
          selected={props.selected}
          selectable={props.selectable}
          onSelect={props.onSelect}
          onRetryFlow={() => props.onRetryFlow(group.flowId)}
          actionsFor={props.actionsFor}
          retrying={props.retrying}
        />
      ),
  );
}
