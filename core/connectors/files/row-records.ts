import { joinKey } from '../../contract/composite-key.ts';
import { columnLetter, type CellValue } from './sheet-rows.ts';

// A sheet's header row as field names, and each later row as a record of them: the
// checks that make a row bad (wrong number of columns, no key) live here.

export interface Header {
  readonly names: readonly string[];
  /** The key columns' indexes (one, or several together), when the app has a key. */
  readonly keyIndexes: readonly number[] | undefined;
}

/**
 * Field names from the header row: blanks become "Column C", a repeated name gets
 * " (2)", so every column keeps its data under a name of its own.
 */
export function headerOf(cells: readonly CellValue[]): string[] {
  const seen = new Map<string, number>();
  // Trailing blank header cells (an export's stray separator) are not columns.
  let end = cells.length;
  while (end > 0 && String(cells[end - 1] ?? '').trim() === '') end--;
  return cells.slice(0, end).map((cell, i) => {
    const base = String(cell ?? '').trim() || `Column ${columnLetter(i)}`;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

export type RowResult =
  | { readonly ok: true; readonly fields: Record<string, CellValue>; readonly key: string | undefined }
  | {
      readonly ok: false;
      readonly fields: Record<string, CellValue>;
      readonly column?: number;
      readonly message: string;
    };

/**
 * A row as a record of the header's fields. `strict` (CSV) refuses a row with fewer
 * cells than the header; Excel leaves trailing blank cells out, so there they are blanks.
 */
export function recordOf(header: Header, cells: readonly CellValue[], strict: boolean): RowResult {
  const fields: Record<string, CellValue> = {};
  header.names.forEach((name, i) => (fields[name] = cells[i] ?? null));
  const extra = cells.slice(header.names.length).map((c, i) => [i + header.names.length, c] as const);
  extra.forEach(([i, c]) => {
    if (c !== null && c !== '') fields[`Column ${columnLetter(i)}`] = c;
  });
  const filledExtra = extra.find(([, c]) => c !== null && String(c).trim() !== '');
  if (filledExtra)
    return {
      ok: false,
      fields,
      column: filledExtra[0],
      message: `has ${cells.length} columns where the header has ${header.names.length}`,
    };
  if (strict && cells.length < header.names.length)
    return {
      ok: false,
      fields,
      column: cells.length,
      message: `has ${cells.length} columns where the header has ${header.names.length}`,
    };
  if (header.keyIndexes === undefined) return { ok: true, fields, key: undefined };
  const parts = header.keyIndexes.map((i) => cellText(cells[i]));
  const empty = parts.findIndex((part) => part === '');
  if (empty >= 0) {
    const column = header.keyIndexes[empty]!;
    return { ok: false, fields, column, message: `has no value in the key column "${header.names[column]}"` };
  }
  return { ok: true, fields, key: joinKey(parts) };
}

const cellText = (cell: CellValue | undefined) =>
  cell === null || cell === undefined ? '' : String(cell).trim();

/** A row's key from its cells (one column's text, or several joined); empty when a part is. */
export const keyOfCells = (cells: readonly CellValue[] | undefined, indexes: readonly number[]) =>
  joinKey(indexes.map((i) => cellText(cells?.[i])));

/** Is this row the header again (two exports joined into one file)? */
export const repeatsHeader = (header: Header, cells: readonly CellValue[]) =>
  cells.length === header.names.length && cells.every((c, i) => String(c ?? '').trim() === header.names[i]);
