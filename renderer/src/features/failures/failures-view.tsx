import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { Failure } from '../../../../core/contract/flows.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { SelectField } from '../../components/form-field.tsx';
import { ViewHeader } from '../../components/view-header.tsx';
import { errorMessage } from '../../lib/field-errors.ts';
import {
  failurePeopleQuery,
  failuresQueries,
  useRetryFailures,
  type RetrySelection,
} from '../../queries/failures-queries.ts';
import type { FailureActions } from './failure-item.tsx';
import { FlowSelect } from '../runs/flow-select.tsx';
import { Pager } from '../runs/pager.tsx';
import { useUrlFilters } from '../runs/use-url-filters.ts';
import { CloseFailuresDialog } from './close-failures-dialog.tsx';
import { groupFailures } from './failure-group.tsx';
import { FailureGroups } from './failure-groups.tsx';
import { RetryOutcome } from './retry-outcome.tsx';
import './failures.css';
import { QueryStatus } from '../../components/query-status.tsx';
import { flowsQueries } from '../../queries/flows-queries.ts';
import { failuresShown, nobody, pageSize, shows } from './failures-filter.ts';

// Loaded when first opened: their forms check input with the contract's schemas, which
// take tens of milliseconds to build, and the first rows should not wait for them (issue 17).
const AssignDialog = lazy(async () => ({ default: (await import('./assign-dialog.tsx')).AssignDialog }));
const EditRetryDialog = lazy(async () => ({
  default: (await import('./edit-retry-dialog.tsx')).EditRetryDialog,
}));

/** The value several failures share, or '' when they differ. */
const shared = (values: readonly (string | null)[]) =>
  values.every((v) => v === values[0]) ? (values[0] ?? '') : '';

/**
 * Which page the rows on screen are: the one asked for once it has come, the one before
 * while it is on its way (TanStack Query's placeholder data), so a new page is drawn
 * afresh, first screenful first, when it comes, and a refresh of the same page is not.
 */
function usePageOnScreen(asked: string, placeholder: boolean): string {
  const [shown, setShown] = useState(asked);
  // Adjusting state to the props in render, as React's docs show: no extra commit.
  if (!placeholder && shown !== asked) setShown(asked);
  return placeholder ? shown : asked;
}

/** Records that could not be copied, grouped by flow and kind of problem, to retry, resolve or ignore. */
export function FailuresView() {
  useDocumentTitle('Failures');
  const { params, offset, set: setParam, setOffset } = useUrlFilters();
  const { flowId, assignee, show, filter } = failuresShown(params);
  const { noun } = shows[show];
  const flows = useQuery(flowsQueries.list());
  const list = useQuery(failuresQueries.list(filter));
  const retry = useRetryFailures();
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [closing, setClosing] = useState<'resolve' | 'ignore'>();
  const [closed, setClosed] = useState('');
  const [editing, setEditing] = useState<number>();
  const [assigning, setAssigning] = useState<number[]>();
  const people = useQuery(failurePeopleQuery());

  const items = list.data?.items;
  const groups = useMemo(() => groupFailures(items ?? []), [items]);
  const pageOnScreen = usePageOnScreen(JSON.stringify(filter), list.isPlaceholderData);
  // Only what is on screen and still open can be chosen: a retried record leaves the selection with its row.
  const selected = useMemo(
    () => new Set((items ?? []).filter((f) => picked.has(f.id)).map((f) => f.id)),
    [items, picked],
  );
  const selectable = show === 'open';

  const select = (ids: number[], on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });
  const runRetry = (selection: RetrySelection) => {
    setClosed('');
    retry.reset();
    // A record's own Retry leaves the rest of the selection as it was.
    const done = 'ids' in selection && selection.ids.length === 1 ? selection.ids : undefined;
    retry.mutate(selection, { onSuccess: () => (done ? select(done, false) : setPicked(new Set())) });
  };

  const actionsFor = (failure: Failure): FailureActions | undefined =>
    selectable
      ? {
          selected: selected.has(failure.id),
          onToggle: (on) => select([failure.id], on),
          onRetry: () => runRetry({ ids: [failure.id] }),
          onEdit: () => setEditing(failure.id),
          onAssign: () => setAssigning([failure.id]),
          retrying: retry.isPending,
        }
      : undefined;
  const chosenOnPage = (ids: readonly number[]) => (items ?? []).filter((f) => ids.includes(f.id));
  const done = (message: string) => {
    retry.reset();
    setClosed(message);
  };

  const empty = list.data?.total === 0;
  // Retrying or closing the last records of the last page leaves it empty: show the page before.
  const pastTheEnd = list.data && list.data.items.length === 0 && list.data.total > 0 && offset > 0;
  const lastPage = list.data ? Math.floor(Math.max(0, list.data.total - 1) / pageSize) * pageSize : 0;
  useEffect(() => {
    if (pastTheEnd) setOffset(lastPage);
  });
  return (
    <section aria-labelledby="view-title" className="failures-view">
      <ViewHeader
        title="Failures"
        description="Records a flow could not copy, with what went wrong and what to do. Fix the cause, then retry."
        actions={
          selectable &&
          !empty &&
          list.data && (
            <button
              type="button"
              className="button"
              disabled={retry.isPending}
              onClick={() => runRetry(flowId ? { flowId } : { all: true })}
            >
              {flowId ? 'Retry everything in this flow' : 'Retry everything'}
            </button>
          )
        }
      />

      <form className="failure-filters" aria-label="Filter failures" onSubmit={(e) => e.preventDefault()}>
        <FlowSelect
          id="failure-filter-flow"
          value={flowId}
          flows={flows.data ?? []}
          onChange={(id) => setParam('flow', id)}
        />
        <SelectField
          id="failure-filter-show"
          label="Show"
          value={show}
          options={Object.entries(shows).map(([value, { label }]) => [value, label] as const)}
          onChange={(value) => setParam('show', value === 'open' ? '' : value)}
        />
        <SelectField
          id="failure-filter-assignee"
          label="Assigned to"
          value={assignee}
          options={[
            ['', 'Anyone or nobody'],
            [nobody, 'Nobody'],
            ...(people.data?.names ?? []).map((name) => [name, name] as const),
          ]}
          onChange={(value) => setParam('assignee', value)}
        />
      </form>

      <div role="status" className="failure-outcome">
        {retry.isPending && <p>Retrying… the records are being sent again.</p>}
        {retry.data && <RetryOutcome result={retry.data} />}
        {closed && <p className="success-text">{closed}</p>}
      </div>
      {retry.isError && (
        <p role="alert" className="error-banner">
          The retry did not start: {errorMessage(retry.error)}
        </p>
      )}

      <QueryStatus query={list} loading="Loading the failures…" failed="Could not load the failures" />
      {empty && (
        <div className="empty-state">
          {show === 'open' ? (
            <>
              <p className="empty-title">Nothing needs attention</p>
              <p>
                When a record cannot be copied — an app rejects it, or it does not fit a flow&apos;s mapping —
                it appears here with what went wrong and what to do. Passing problems are retried
                automatically.
              </p>
            </>
          ) : (
            <>
              <p className="empty-title">No {noun[1]}</p>
              <p>Failures you resolve or ignore are kept here with your note.</p>
            </>
          )}
        </div>
      )}

      {selectable && list.data && !empty && (
        <div className="selection-bar" role="group" aria-label="Selected records">
          {selected.size === 0 ? (
            <p className="muted">Choose records with their checkboxes to retry, resolve or ignore them.</p>
          ) : (
            <>
              <p>
                <strong>{selected.size.toLocaleString()}</strong> selected
              </p>
              <button
                type="button"
                className="button primary"
                disabled={retry.isPending}
                onClick={() => runRetry({ ids: [...selected] })}
              >
                Retry
              </button>
              <button type="button" className="button" onClick={() => setAssigning([...selected])}>
                Assign or note…
              </button>
              <button type="button" className="button" onClick={() => setClosing('resolve')}>
                Resolve…
              </button>
              <button type="button" className="button" onClick={() => setClosing('ignore')}>
                Ignore…
              </button>
              <button type="button" className="button subtle" onClick={() => setPicked(new Set())}>
                Clear selection
              </button>
            </>
          )}
        </div>
      )}

      {list.data && !empty && (
        <p className="muted page-summary">
          {list.data.total.toLocaleString()} {noun[list.data.total === 1 ? 0 : 1]}
          {list.data.total > pageSize &&
            ` · this page shows ${(offset + 1).toLocaleString()}–${(offset + list.data.items.length).toLocaleString()}`}
        </p>
      )}

      {list.data && (
        <FailureGroups
          key={pageOnScreen}
          groups={groups}
          selected={selected}
          selectable={selectable}
          onSelect={select}
          onRetryFlow={(id) => runRetry({ flowId: id })}
          actionsFor={actionsFor}
          retrying={retry.isPending}
        />
      )}

      {list.data && !empty && (
        <Pager
          offset={offset}
          shown={list.data.items.length}
          total={list.data.total}
          pageSize={pageSize}
          noun={noun}
          busy={list.isPlaceholderData}
          onOffset={(next) => {
            setPicked(new Set());
            setOffset(next);
          }}
        />
      )}

      <Suspense fallback={<p role="status">Opening…</p>}>
        {editing !== undefined && (
          <EditRetryDialog id={editing} onClose={() => setEditing(undefined)} onDone={done} />
        )}
        {assigning && (
          <AssignDialog
            ids={assigning}
            assignee={shared(chosenOnPage(assigning).map((f) => f.assignee))}
            note={shared(chosenOnPage(assigning).map((f) => f.note))}
            onClose={() => setAssigning(undefined)}
            onDone={done}
          />
        )}
      </Suspense>
      {closing && (
        <CloseFailuresDialog
          action={closing}
          ids={[...selected]}
          onClose={() => setClosing(undefined)}
          onDone={(message) => {
            done(message);
            setPicked(new Set());
          }}
        />
      )}
    </section>
  );
}
