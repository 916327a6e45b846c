import type { FolderConfig } from './folder-settings.ts';
import type { DecimalMark } from './typed-value.ts';

// What the CSV and Excel writers share: the request, the columns a write ends up with,
// and how a value is put into a cell.

export interface WriteItem {
  /** The key columns' value (joined, for several); undefined when the app has no key column (rows are only added). */
  readonly key: string | undefined;
  readonly record: Record<string, unknown>;
}

export interface WriteRequest {
  readonly appName: string;
  readonly target: { readonly path: string; readonly name: string; readonly sheet: string | undefined };
  readonly config: FolderConfig;
  readonly keyColumns: readonly string[] | undefined;
  readonly mode: 'upsert' | 'append';
  readonly items: readonly WriteItem[];
  readonly exists: boolean;
  readonly now: Date;
}

/** Where the key columns are among the file's columns; undefined when there is no key or the file lacks one. */
export function keyIndexesIn(columns: readonly string[], keyColumns: readonly string[] | undefined) {
  const indexes = keyColumns?.map((key) => columns.findIndex((c) => c.toLowerCase() === key.toLowerCase()));
  return indexes?.every((i) => i >= 0) ? indexes : undefined;
}

/** The file's columns, then any field a record has that the file does not (added at the right). */
export function columnsFor(header: readonly string[], items: readonly WriteItem[]): string[] {
  const columns = [...header];
  const known = new Set(header.map((h) => h.toLowerCase()));
  for (const item of items)
    for (const field of Object.keys(item.record))
      if (!known.has(field.toLowerCase())) {
        known.add(field.toLowerCase());
        columns.push(field);
      }
  return columns;
}

/** A record's value for a field named as the file's column (case ignored). */
export function valueFor(
  record: Record<string, unknown>,
  column: string,
): { found: boolean; value: unknown } {
  if (Object.hasOwn(record, column)) return { found: true, value: record[column] };
  const name = Object.keys(record).find((k) => k.toLowerCase() === column.toLowerCase());
  return name === undefined ? { found: false, value: undefined } : { found: true, value: record[name] };
}

/** A value as cell text: numbers with the file's decimal mark, objects as JSON, nothing as an empty cell. */
export function formatCell(value: unknown, decimal: DecimalMark): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return decimal === ',' ? String(value).replace('.', ',') : String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

export type { FolderConfig };
