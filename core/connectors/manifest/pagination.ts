import type { PageState, SourceRecord } from '../connector.ts';
import { nextLinkFromHeader } from './link-header.ts';
import type { PaginationSpec, listSchema } from './manifest-schema.ts';
import { getPath } from './template.ts';
import type { z } from 'zod';

// How a REST listing moves from page to page (manifest `pagination`): the parameters a
// page is asked with, and where the next page starts, from the answer. Pure.

/** Where a REST listing stands between pages: enough to resume after a crash. */
export type RestPageState = {
  token?: string;
  page?: number;
  offset?: number;
  url?: string;
  /** The cursor the current query started from (it moves when a capped search restarts). */
  queryCursor?: string;
  resultsInQuery?: number;
  /** Which of the entity's listings the pass is in, past its first: the change feed, the deleted records. */
  listing?: 'changes' | 'deleted';
};

/**
 * The engine keeps page states opaque and stores them in the database: read back only
 * the fields this connector writes, with their types, so a damaged row cannot steer it.
 */
export function restPageState(state: PageState | undefined): RestPageState | undefined {
  if (state === undefined) return undefined;
  const text = (key: string) => (typeof state[key] === 'string' ? (state[key] as string) : undefined);
  const count = (key: string) => (Number.isSafeInteger(state[key]) ? (state[key] as number) : undefined);
  const fields: RestPageState = {
    token: text('token'),
    page: count('page'),
    offset: count('offset'),
    url: text('url'),
    queryCursor: text('queryCursor'),
    resultsInQuery: count('resultsInQuery'),
    listing: state.listing === 'changes' || state.listing === 'deleted' ? state.listing : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as RestPageState;
}

type ListSpec = z.output<typeof listSchema>;

/**
 * The page size and page position a page is asked with, as query or body parameters.
 * A position without a parameter is placed by the manifest's own template
 * (`{{page.token}}`, `{{page.offset}}`, `{{page.number}}`).
 */
export function pageParameters(
  list: ListSpec,
  state: RestPageState | undefined,
  pageNumber: number,
  offset: number,
): { query: Record<string, string>; body: Record<string, unknown> } {
  const pagination = list.pagination;
  const body: Record<string, unknown> = {};
  const query: Record<string, string> = {};
  if (list.pageSize?.param !== undefined) {
    const { param, value } = list.pageSize;
    if (list.pageSize.in === 'body') body[param] = value;
    else query[param] = String(value);
  }
  const tokenParam =
    pagination.type === 'cursor' || pagination.type === 'last_id' ? pagination.param : undefined;
  if (state?.token !== undefined && tokenParam !== undefined) {
    if (pagination.type === 'cursor' && pagination.in === 'body') body[tokenParam] = state.token;
    else query[tokenParam] = state.token;
  }
  if (pagination.type === 'page_number' && pagination.param !== undefined)
    query[pagination.param] = String(pageNumber);
  if (pagination.type === 'offset' && pagination.param !== undefined)
    query[pagination.param] = String(offset);
  return { query, body };
}

/** Where the next page starts, from this page's answer; undefined after the last page. */
export function nextPageState(
  pagination: PaginationSpec,
  page: {
    body: unknown;
    linkHeader: string | undefined;
    records: readonly SourceRecord[];
    pageNumber: number;
    offset: number;
    /** The page was full (or had records, when there is no page size): more may follow. */
    fullPage: boolean;
    base: Pick<RestPageState, 'queryCursor' | 'resultsInQuery'>;
  },
): RestPageState | undefined {
  const { body, records, base } = page;
  switch (pagination.type) {
    case 'none':
      return undefined;
    case 'cursor': {
      const token = getPath(body, pagination.cursorPath);
      const more =
        (pagination.hasMorePath === undefined || getPath(body, pagination.hasMorePath) === true) &&
        (pagination.endPath === undefined || getPath(body, pagination.endPath) !== true);
      return !more || token === undefined || token === null || token === ''
        ? undefined
        : { ...base, token: String(token) };
    }
    case 'last_id':
      return getPath(body, pagination.hasMorePath) === true && records.length > 0
        ? { ...base, token: records.at(-1)!.id }
        : undefined;
    case 'link_header': {
      const url = nextLinkFromHeader(page.linkHeader);
      return url ? { ...base, url } : undefined;
    }
    case 'next_url': {
      const url = getPath(body, pagination.urlPath);
      return typeof url === 'string' && url !== '' ? { ...base, url } : undefined;
    }
    case 'page_number': {
      const total =
        pagination.totalPagesPath === undefined
          ? undefined
          : Number(getPath(body, pagination.totalPagesPath));
      // A total-pages field has the last word; otherwise a short or empty page is the last.
      const more =
        total !== undefined && Number.isFinite(total)
          ? page.pageNumber - pagination.startAt + 1 < total
          : page.fullPage;
      return more ? { ...base, page: page.pageNumber + 1 } : undefined;
    }
    case 'offset':
      return page.fullPage ? { ...base, offset: page.offset + records.length } : undefined;
  }
}

/** The page's records; an absent list is empty only where the manifest says the app leaves it out. */
export function recordsIn(body: unknown, list: { recordsPath: string; emptyWhenAbsent: boolean }): unknown {
  const records = getPath(body, list.recordsPath);
  if (records !== undefined || !list.emptyWhenAbsent) return records;
  const around = getPath(body, list.recordsPath.split('.').slice(0, -1).join('.'));
  return around !== null && typeof around === 'object' && !Array.isArray(around) ? [] : undefined;
}

/** The cursor moved back by the look-back window (never before the epoch). */
export function earlier(iso: string, lookbackMs: number | undefined): string {
  if (!lookbackMs) return iso;
  return new Date(Math.max(0, Date.parse(iso) - lookbackMs)).toISOString();
}

/** The newest cursor value among records. */
export function maxCursor(records: readonly SourceRecord[]): string | undefined {
  let max: string | undefined;
  for (const r of records)
    if (r.cursorValue !== undefined && (max === undefined || r.cursorValue > max)) max = r.cursorValue;
  return max;
}
