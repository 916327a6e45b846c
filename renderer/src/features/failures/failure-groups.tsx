import { useDeferredValue } from 'react';
import type { Failure } from '../../../../core/contract/flows.ts';
import { FailureGroup, type Group } from './failure-group.tsx';
import type { FailureActions } from './failure-item.tsx';
import { flowNameOf } from './flow-name.ts';
import { firstScreenful, rowsShownPerGroup } from './first-screenful.ts';

/**
 * One page of failures, by group. Mounted once per page (its key), it draws the first
 * screenful of rows, and React draws the rest of the page at once after, in the
 * background (`useDeferredValue`'s initial value): the first rows are on screen without
 * waiting for the 100th (issue 17). Rows are added below the first ones, so nothing on
 * screen moves; every row of the page is in the document a moment later.
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
  const budget = useDeferredValue(Number.POSITIVE_INFINITY, firstScreenful);
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
