import type { Failure } from '../../../../core/contract/flows.ts';
import type { FailureFilter } from '../../queries/failures-queries.ts';
import { offsetIn } from '../../lib/url-offset.ts';

// Small enough to render at once, so 100,000 open failures cost one page, not a list of 100,000.
export const pageSize = 100;

export const shows = {
  open: { label: 'Needing action', states: undefined, noun: ['open failure', 'open failures'] },
  resolved: { label: 'Resolved', states: ['resolved'], noun: ['resolved failure', 'resolved failures'] },
  ignored: { label: 'Ignored', states: ['ignored'], noun: ['ignored failure', 'ignored failures'] },
} as const satisfies Record<
  string,
  { label: string; states: Failure['state'][] | undefined; noun: readonly [string, string] }
>;
export type Show = keyof typeof shows;

/** The assignee filter's value for failures handed to nobody (a person cannot be called this: it has a space at each end). */
export const nobody = ' nobody ';

/**
 * What the Failures view shows for its address (`#/failures?flow=…&show=resolved&offset=100`):
 * the view and the route's early request (views.ts) read it alike, so the page asked for
 * before the view's code has loaded is the one the view then finds in the cache.
 */
export function failuresShown(params: URLSearchParams) {
  const flowId = params.get('flow') ?? '';
  const assignee = params.get('assignee') ?? '';
  const show: Show = Object.hasOwn(shows, params.get('show') ?? '') ? (params.get('show') as Show) : 'open';
  const { states } = shows[show];
  const filter: FailureFilter = {
    ...(flowId ? { flowId } : {}),
    ...(states ? { states: [...states] } : {}),
    ...(assignee ? { assignee: assignee === nobody ? null : assignee } : {}),
    limit: pageSize,
    offset: offsetIn(params),
  };
  return { flowId, assignee, show, filter };
}
