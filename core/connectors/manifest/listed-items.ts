import { ownValue } from '../../contract/safe-path.ts';
import type { DeletedRecord } from '../connector.ts';
import { readCursor } from './cursor-format.ts';
import type { DeletionsSpec, EntitySpec, listSchema } from './manifest-schema.ts';
import { getPath } from './template.ts';
import type { z } from 'zod';

// What one listed item is: a record, a record deleted at the source (a status field, a
// tombstone listing, a deletion event), or an event about a record (a feed). Pure.

type ListSpec = z.output<typeof listSchema>;

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
 * `sincePath` keeps only the records deleted since then. `cursorOf` reads a record's
 * own cursor (the entity's `incremental.cursorField`).
 */
export function readListedItems(
  spec: EntitySpec,
  listing: Listing,
  list: ListSpec,
  items: readonly unknown[],
  since: string,
  cursorOf: (raw: unknown) => string | undefined,
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
      : cursorOf(raw);
    if (listing === 'deleted') {
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
