import { entityOf, kindOf, type QuickBooksStore } from './quickbooks-store.ts';

// QuickBooks Online's change data capture, after
// https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/change-data-capture
// and https://blogs.intuit.com/2023/08/24/building-smarter-with-intuit-stay-in-sync-with-cdc/ :
// GET /v3/company/{realmId}/cdc?entities=Invoice,Customer&changedSince=<ISO date or date-time>
// answers the full records changed since then, a deleted one as `{ Id, status: "Deleted",
// MetaData }`; it looks back 30 days at most, and one answer holds at most 1,000 objects.
// The shape, CDCResponse[].QueryResponse[] with one element per entity asked, is as Intuit's
// SDKs read it. An older date is refused with the message developers report, "Operation cdc
// with changedSince date … which is older than fixed days is not supported"
// (github.com/Wish-Org/QuickBooksSharp/issues/19); its code is not documented (2010 here).
// Which 1,000 objects a larger answer keeps is not documented either: here the oldest changes.

const lookBackDays = 30;
const maxObjects = 1000;

/** A refusal in QuickBooks' Fault words, or the answer's body (without `time`). */
export type ChangeDataCaptureAnswer =
  | { refused: { code: string; message: string; detail: string; element: string } }
  | { CDCResponse: [{ QueryResponse: Record<string, unknown>[] }] };

const invalid = (detail: string, element: string): ChangeDataCaptureAnswer => ({
  refused: { code: '2010', message: 'Request has invalid or unsupported property', detail, element },
});

/** What changed in the company since `changedSince`, deletions included, per entity asked. */
export function changeDataCapture(
  store: QuickBooksStore,
  params: URLSearchParams,
  nowMs: number,
): ChangeDataCaptureAnswer {
  const entities = (params.get('entities') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const since = params.get('changedSince');
  for (const [name, given] of [
    ['entities', entities.length > 0],
    ['changedSince', Boolean(since)],
  ] as const)
    if (!given)
      return {
        refused: {
          code: '2020',
          message: 'Required param missing, need to supply the required value for the API',
          detail: `Required parameter ${name} is missing in the request`,
          element: name,
        },
      };
  const sinceMs = Date.parse(since!);
  if (Number.isNaN(sinceMs))
    return invalid(
      `Property Name:changedSince must be an ISO 8601 date or date-time, not ${since}`,
      'changedSince',
    );
  if (sinceMs < nowMs - lookBackDays * 86_400_000)
    return invalid(
      `Operation cdc with changedSince date ${since} which is older than fixed days is not supported.`,
      'changedSince',
    );
  const kinds = entities.map((name) => ({ name, kind: kindOf(name) }));
  const unsupported = kinds.find((k) => !k.kind);
  if (unsupported)
    return invalid(`Entity ${unsupported.name} is not supported by change data capture here.`, 'entities');
  // At most 1,000 objects in the whole answer, shared by the entities asked.
  let room = maxObjects;
  const QueryResponse = kinds.map(({ kind }) => {
    const changed = store.changedSince(kind!, sinceMs).slice(0, room);
    room -= changed.length;
    return changed.length === 0
      ? {}
      : {
          [entityOf[kind!]]: changed,
          startPosition: 1,
          maxResults: changed.length,
          totalCount: changed.length,
        };
  });
  return { CDCResponse: [{ QueryResponse }] };
}
