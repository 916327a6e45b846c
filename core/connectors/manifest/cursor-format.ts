// An incremental cursor is kept as ISO 8601 (UTC, milliseconds) between runs; each API
// wants it written its own way, and writes its records' dates its own way too. Pure.

export type CursorFormat =
  'iso8601' | 'iso8601_seconds' | 'unix_seconds' | 'unix_ms' | 'datetime' | 'http_date';

/** .NET's JSON date, as Xero writes it: `/Date(1700000000000)/` or `/Date(1700000000000+0000)/`. */
const dotNetDate = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
/** `YYYY-MM-DD HH:MM:SS` (Pipedrive v1), read as UTC. */
const plainDateTime = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/;

/**
 * A record's cursor value as ISO 8601, or undefined when it is not a date. A number
 * (or digits) is unix seconds or milliseconds as the format says; the offset of a .NET
 * date only says which zone it was shown in, the milliseconds are UTC already.
 */
export function readCursor(value: unknown, format: CursorFormat): string | undefined {
  const date = dateOf(value, String(value).trim(), format);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

// Each source record's cursor passes through here: the patterns are tried only as far as needed.
function dateOf(value: unknown, text: string, format: CursorFormat): Date {
  if (typeof value === 'number' || /^\d+$/.test(text))
    return new Date(format === 'unix_seconds' ? Number(text) * 1000 : Number(text));
  const dotNet = dotNetDate.exec(text);
  if (dotNet) return new Date(Number(dotNet[1]));
  const plain = plainDateTime.exec(text);
  // Without a zone, JavaScript would read it in this PC's zone; the APIs mean UTC.
  if (plain) return new Date(`${plain[1]}T${plain[2]}Z`);
  return new Date(text);
}

/** The cursor (ISO 8601) written as the API wants it in a request. */
export function writeCursor(iso: string, format: CursorFormat): string {
  const date = new Date(iso);
  const ms = date.getTime();
  switch (format) {
    case 'unix_seconds':
      return String(Math.floor(ms / 1000));
    case 'unix_ms':
      return String(ms);
    case 'iso8601_seconds':
      return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    case 'datetime':
      return date.toISOString().slice(0, 19).replace('T', ' ');
    case 'http_date':
      return date.toUTCString();
    case 'iso8601':
      return date.toISOString();
  }
}
