// A database row's change marker as the engine keeps it between runs. The engine
// compares cursor values as text (the largest one read becomes the next run's cursor),
// so each kind of column is written in a form whose text order is its value order:
// integers padded to 20 digits (offset so negative ids sort too), timestamps as
// `YYYY-MM-DD HH:MM:SS.ffffff` in UTC. The next run reads rows whose marker is at least
// the cursor (not greater): rows that share the last timestamp are read again and found
// unchanged by their content hash, so one written in the same second is never skipped.

/** How a change column's values compare: whole numbers, timestamps, or raw text (SQLite). */
export type CursorKind = 'number' | 'time' | 'text';

const offset = 2n ** 63n;

/** The text the engine keeps for a row's marker; undefined for an empty one. */
export function encodeCursor(kind: CursorKind, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (kind === 'number') {
    const whole = typeof value === 'number' ? BigInt(Math.trunc(value)) : BigInt(String(value));
    return (whole + offset).toString().padStart(20, '0');
  }
  if (kind === 'time') return sortableTime(String(value)) ?? String(value);
  return String(value);
}

/**
 * The value a kept cursor binds as in `marker >= ?`, or undefined to read from the
 * start. Takes an ISO 8601 date too, as moving a flow's cursor back to a date gives one.
 */
export function decodeCursor(kind: CursorKind, cursor: string): string | undefined {
  if (cursor === '') return undefined;
  if (kind === 'number') return /^\d{20}$/.test(cursor) ? (BigInt(cursor) - offset).toString() : undefined;
  if (kind === 'time') return sortableTime(cursor) ?? cursor;
  // SQLite keeps times as text in whatever form the program wrote: an ISO date given to
  // move the cursor back becomes `YYYY-MM-DD HH:MM:SS`, which sorts at or before the same
  // moment written either with a space or with a `T`, so nothing is skipped.
  const iso = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(cursor);
  return iso ? `${iso[1]} ${iso[2]}` : cursor;
}

const timePattern = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?)?/;

/** `2026-11-29 12:00:00.5+00`, `2026-11-29T12:00:00.500Z` → `2026-11-29 12:00:00.500000`. */
export function sortableTime(text: string): string | undefined {
  const match = timePattern.exec(text);
  if (!match) return undefined;
  return `${match[1]} ${match[2] ?? '00:00:00'}.${(match[3] ?? '').padEnd(6, '0')}`;
}

/** A timestamp read as text, as ISO 8601 for a record's fields (`…T12:00:00Z` when in UTC). */
export function isoTime(text: string, inUtc: boolean): string {
  const match = timePattern.exec(text);
  if (!match?.[2]) return text;
  const fraction = match[3] ? `.${match[3]}` : '';
  return `${match[1]}T${match[2]}${fraction}${inUtc ? 'Z' : ''}`;
}
