import { ownValue } from '../../contract/safe-path.ts';
import type { DeletedRecord, SourceRecord } from '../connector.ts';
import { readCursor } from './cursor-format.ts';
import { fromTheBeginning, type DeletionsSpec, type EntitySpec } from './manifest-schema.ts';
import { getPath } from './template.ts';

// What one listed item is: a record, a record deleted at the source (a status field, a
// tombstone listing, a deletion event), or an event about a record (a feed). Pure.

/** The listings an entity is read from, in the order of a pass: which one a page belongs to. */
export type Listing = 'list' | 'changes' | 'deleted';

/** A listed item, read: `raw` is the record as the app gave it. */
export type ListedItem =
  | { kind: 'record'; id: string; raw: unknown; cursorValue: string | undefined }
  | { kind: 'deleted'; id: string; cursorValue: string | undefined };

/** The item or the record inside it says the record is gone (`archived: true`, `type: customer.deleted`). */
export function markedDeleted(deletions: DeletionsSpec | undefined, ...values: unknown[]): boolean {
  if (!deletions) return false;
  return deletions.status.some(({ field, values: gone }) =>
    values.some((value) => {
      if (value === null || typeof value !== 'object') return false;
      const found = ownValue(value as Record<string, unknown>, field) ?? getPath(value, field);
      return gone.some((g) => g === found);
    }),
  );
}

/**
 * Reads a page's items. `since` is the pass's cursor: a tombstone listing with a
 * `sincePath` keeps only the records deleted since then. `recordOf` makes the record,
 * whose cursor is its own (the entity's `incremental.cursorField`).
 */
export function readListedItems(
  spec: EntitySpec,
  listing: Listing,
  list: ListSpec,
  items: readonly unknown[],
  since: string,
  recordOf: (raw: unknown) => { cursorValue?: string | undefined },
  malformed: () => Error,
): ListedItem[] {
  const format = spec.incremental?.format ?? 'iso8601';
  const sincePath = listing === 'deleted' ? spec.deletions?.feed?.sincePath : undefined;
  const out: ListedItem[] = [];
  for (const item of items) {
    const raw = list.feed ? getPath(item, list.feed.recordPath) : item;
    const id = raw === null || typeof raw !== 'object' ? undefined : getPath(raw, spec.idField);
    if (id === undefined || id === null) throw malformed();
    const timed = list.feed ? getPath(item, list.feed.cursorPath) : undefined;
    const cursorValue = list.feed
      ? timed === undefined
        ? undefined
        : readCursor(timed, format)
      : recordOf(raw).cursorValue;
    if (listing === 'deleted') {
      // A listing of changes of every kind (QuickBooks' CDC): only the marked ones are deletions.
      if (spec.deletions?.feed?.onlyMarked && !markedDeleted(spec.deletions, item, raw)) continue;
      const when = sincePath === undefined ? undefined : getPath(item, sincePath);
      if (when !== undefined && when !== null && (readCursor(when, 'iso8601') ?? '') < since) continue;
      // A tombstone's time is another clock than the listing's: it never moves the cursor.
      out.push({ kind: 'deleted', id: String(id), cursorValue: undefined });
    } else if (markedDeleted(spec.deletions, item, raw))
      out.push({ kind: 'deleted', id: String(id), cursorValue });
    else out.push({ kind: 'record', id: String(id), raw, cursorValue });
  }
  return list.feed ? latestPerRecord(out, spec.incremental?.order ?? 'ascending') : out;
}

/** A feed names a record once per change: only its newest item counts. */
function latestPerRecord(items: readonly ListedItem[], order: 'ascending' | 'descending'): ListedItem[] {
  const newestFirst = order === 'descending' ? items : [...items].reverse();
  const seen = new Set<string>();
  const kept = newestFirst.filter((item) => !seen.has(item.id) && seen.add(item.id));
  return order === 'descending' ? kept : kept.reverse();
}

/** The deletions of a page, as the port reports them. */
export function deletionsOf(items: readonly ListedItem[]): DeletedRecord[] {
  return items
    .filter((i) => i.kind === 'deleted')
    .map((i) => (i.cursorValue === undefined ? { id: i.id } : { id: i.id, cursorValue: i.cursorValue }));
}

/** Margin inside a feed's look-back limit, for a PC clock ahead of the app's. */
const retentionMarginMs = 3_600_000;

/**
 * Where a listing's query starts: the cursor, except that a tombstone listing which
 * looks back only `retentionDays` (QuickBooks' CDC refuses an older start) is asked
 * from the oldest time it keeps. Deletions before then can no longer be seen.
 */
export function listingStart(spec: EntitySpec, listing: Listing, cursor: string, now: Date): string {
  const kept = listing === 'deleted' ? spec.deletions?.feed?.retentionDays : undefined;
  if (kept === undefined) return cursor;
  const oldest = now.getTime() - kept * 86_400_000 + retentionMarginMs;
  return Date.parse(cursor) < oldest ? new Date(oldest).toISOString() : cursor;
}

export const initialCursorOf = (spec: EntitySpec) => spec.incremental?.initial ?? fromTheBeginning;

/** The listing a pass starts with: the change feed once a cursor is set and the feed still holds it. */
export function firstListing(spec: EntitySpec, cursor: string, now: Date): Listing {
  const changes = spec.changes;
  if (!changes || !spec.incremental || cursor === initialCursorOf(spec)) return 'list';
  const kept = changes.retentionDays;
  if (kept !== undefined && Date.parse(cursor) < now.getTime() - kept * 86_400_000) return 'list';
  return 'changes';
}

export type ListSpec = NonNullable<EntitySpec['list']>;

export function listingSpec(spec: EntitySpec, listing: Listing): ListSpec | undefined {
  if (listing === 'changes') return spec.changes;
  if (listing === 'deleted') return spec.deletions?.feed;
  return spec.list;
}

/** Where each listed item stands, for paging by the last one's id (a feed's event, not its record). */
export function positionsOf(list: ListSpec, items: readonly unknown[], spec: EntitySpec): SourceRecord[] {
  return items.map((item) => ({
    id: String(getPath(item, list.feed ? 'id' : spec.idField)),
    fields: {},
    cursorValue: undefined,
  }));
}

/** The record without the fields a request leaves out (`omitFields`). */
export function without(record: Record<string, unknown>, fields: readonly string[] | undefined) {
  if (!fields?.length) return record;
  return Object.fromEntries(Object.entries(record).filter(([name]) => !fields.includes(name)));
}

/** `convert` once per raw item of a page, however often it is asked for (its cursor, then its record). */
export function oncePerItem<T>(convert: (raw: unknown) => T): (raw: unknown) => T {
  const made = new Map<unknown, T>();
  return (raw) => {
    if (made.has(raw)) return made.get(raw) as T;
    const value = convert(raw);
    made.set(raw, value);
    return value;
  };
}

/**
 * A page's records and deletions. A feed that reads records again (`readCurrent`) asks
 * for each one's latest state: one gone by now is a deletion.
 */
export async function recordsAndDeletions(
  items: readonly ListedItem[],
  read: {
    toRecord: (raw: unknown) => SourceRecord;
    readCurrent?: (id: string) => Promise<SourceRecord | undefined>;
  },
): Promise<{ records: SourceRecord[]; deleted: DeletedRecord[] }> {
  const deleted = deletionsOf(items);
  const found = await Promise.all(
    items.map(async (item) => {
      if (item.kind !== 'record') return undefined;
      if (!read.readCurrent) return { ...read.toRecord(item.raw), cursorValue: item.cursorValue };
      const latest = await read.readCurrent(item.id);
      if (!latest)
        deleted.push(item.cursorValue ? { id: item.id, cursorValue: item.cursorValue } : { id: item.id });
      return latest && { ...latest, cursorValue: item.cursorValue };
    }),
  );
  return { records: found.filter((r) => r !== undefined), deleted };
}
