// What the CSV and Excel readers hand on: rows of typed cells with their line number,
// or a problem with one row (its line and, where known, its column). Both readers
// stream: a row at a time, never the whole file in memory.

export type CellValue = string | number | boolean | null;

export type SheetItem =
  | { readonly kind: 'row'; readonly line: number; readonly cells: readonly CellValue[] }
  | {
      readonly kind: 'problem';
      readonly line: number;
      /** 0-based, when the problem is one cell's. */
      readonly column?: number;
      readonly message: string;
      /** What could be read of the row, kept with the failure so nothing is lost. */
      readonly cells?: readonly CellValue[];
      /** The rest of the file could not be read after this (an unclosed quote). */
      readonly fatal?: boolean;
    };

/** How a file was read, for messages and for writing it back the same way. */
export interface SheetFormat {
  readonly encoding: string;
  readonly delimiter?: string;
  readonly bom?: boolean;
}

/** `A`, `B`, … `AA`: a column as a spreadsheet user names it. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
