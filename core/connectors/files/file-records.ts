import { csvFormat, csvRows, NotASpreadsheetError } from './csv-rows.ts';
import type { FolderConfig, FilePattern } from './folder-settings.ts';
import { fileProblem, type FolderFile } from './folder-files.ts';
import { headerOf, keyOfCells, recordOf, repeatsHeader, type Header } from './row-records.ts';
import { rowHash } from './row-snapshots.ts';
import { columnLetter, type CellValue, type SheetItem } from './sheet-rows.ts';
import { NotAWorkbookError, xlsxRows } from './xlsx-rows.ts';

// One file of the folder as records: the header row read once, each later row checked
// and turned into a record with its id (the key column's value, or file and line) and
// a hash of its content; a bad row as a rejection that names file, line and column; a
// file that cannot be read at all as one notice in plain words.

export type FileItem =
  | {
      readonly kind: 'record';
      readonly id: string;
      readonly line: number;
      readonly fields: Record<string, CellValue>;
      readonly hash: string;
    }
  | {
      readonly kind: 'rejected';
      readonly id: string;
      readonly line: number;
      readonly fields: Record<string, CellValue>;
      readonly message: string;
    }
  | { readonly kind: 'notice'; readonly message: string; readonly line: number }
  /** The file ended where it could not be read on (it was left out from there): read it whole again next time. */
  | { readonly kind: 'stopped'; readonly message: string; readonly line: number };

export const lineIdOf = (file: string, line: number) => `${file}:${line}`;

/**
 * A bad row's id: its key where it has one, so the failure resolves itself once the row
 * is fixed and read again; else its file and line.
 */
function rejectedId(
  file: string,
  line: number,
  header: Header,
  cells: readonly CellValue[] | undefined,
): string {
  const text = header.keyIndexes === undefined ? '' : keyOfCells(cells, header.keyIndexes);
  return text === '' ? lineIdOf(file, line) : text;
}

/** A key as a person reads it: `"1001"`, or for several columns `Order "1001" + Line "2"`. */
function keyWords(header: Header, cells: readonly CellValue[], id: string): string {
  const indexes = header.keyIndexes ?? [];
  if (indexes.length < 2) return `"${id}"`;
  return indexes.map((i) => `${header.names[i]} "${String(cells[i] ?? '').trim()}"`).join(' + ');
}

function where(file: string, line: number, header: Header | undefined, column: number | undefined): string {
  if (column === undefined) return `${file}, line ${line}`;
  const name = header?.names[column];
  return `${file}, line ${line}, column ${name ? `"${name}" (${columnLetter(column)})` : columnLetter(column)}`;
}

/**
 * The column names of a file (its first row, or for Excel the first row of the pattern's
 * sheet), named as reading names them; undefined when the file cannot be read or is empty.
 * Reads only that row: the reader is closed after it.
 */
export async function headerNamesOf(
  file: FolderFile,
  pattern: FilePattern,
  config: FolderConfig,
): Promise<string[] | undefined> {
  const rows = rowsOf(file, pattern, config);
  try {
    const first = await rows.next();
    return first.done || first.value.kind !== 'row' ? undefined : headerOf(first.value.cells);
  } catch {
    return undefined;
  } finally {
    await rows.return(undefined).catch(() => undefined);
  }
}

function rowsOf(file: FolderFile, pattern: FilePattern, config: FolderConfig): AsyncGenerator<SheetItem> {
  if (pattern.excel) return xlsxRows(file.path, pattern.sheet);
  return (async function* () {
    yield* csvRows(file.path, await csvFormat(file.path, config));
  })();
}

/** The records of one file, in order; never throws for a problem with the file itself. */
export async function* fileRecords(
  file: FolderFile,
  pattern: FilePattern,
  config: FolderConfig,
): AsyncGenerator<FileItem> {
  const rows = rowsOf(file, pattern, config);
  let header: Header | undefined;
  let headerSignature = '';
  let rawHeader: readonly CellValue[] = [];
  const seen = new Map<string, number>();
  let rowsSeen = 0;
  try {
    for await (const item of rows) {
      if (!header) {
        if (item.kind === 'problem') {
          yield {
            kind: 'stopped',
            line: item.line,
            message: `${file.name} was left out: its first line (the column names) ${item.message}.`,
          };
          return;
        }
        const names = headerOf(item.cells);
        const keyIndexes = config.keyColumns?.map((key) =>
          names.findIndex((n) => n.toLowerCase() === key.toLowerCase()),
        );
        const missing = config.keyColumns?.find((_, i) => keyIndexes![i] === -1);
        if (missing !== undefined) {
          yield {
            kind: 'stopped',
            line: item.line,
            message: `${file.name} was left out: it has no column called "${missing}" to use as the key (its columns: ${names.join(', ')}). Change the key column in the app's settings, or the file.`,
          };
          return;
        }
        header = { names, keyIndexes };
        rawHeader = item.cells;
        headerSignature = JSON.stringify(names);
        continue;
      }
      rowsSeen++;
      if (item.kind === 'problem') {
        const partial = item.cells ? recordOf(header, item.cells, false).fields : {};
        const id = rejectedId(file.name, item.line, header, item.cells);
        const message = `${where(file.name, item.line, header, item.column)}: this row ${item.message}.`;
        if (item.fatal) {
          yield { kind: 'rejected', id, line: item.line, fields: partial, message };
          yield {
            kind: 'stopped',
            line: item.line,
            message: `${file.name} was read only up to line ${item.line - 1}: ${message}`,
          };
          return;
        }
        yield { kind: 'rejected', id, line: item.line, fields: partial, message };
        continue;
      }
      if (
        repeatsHeader(
          { names: rawHeader.map((c) => String(c ?? '').trim()), keyIndexes: undefined },
          item.cells,
        )
      ) {
        yield {
          kind: 'notice',
          line: item.line,
          message: `${file.name}, line ${item.line} repeats the column names (were two files joined into one?): it was skipped.`,
        };
        continue;
      }
      const result = recordOf(header, item.cells, !pattern.excel);
      if (!result.ok) {
        yield {
          kind: 'rejected',
          id: rejectedId(file.name, item.line, header, item.cells),
          line: item.line,
          fields: result.fields,
          message: `${where(file.name, item.line, header, result.column)}: this row ${result.message}.`,
        };
        continue;
      }
      const id = result.key ?? lineIdOf(file.name, item.line);
      const first = seen.get(id.toLowerCase());
      if (first !== undefined) {
        yield {
          kind: 'rejected',
          id: lineIdOf(file.name, item.line),
          line: item.line,
          fields: result.fields,
          message: `${where(file.name, item.line, header, header.keyIndexes?.[0])}: the key ${keyWords(header, item.cells, id)} was already on line ${first}; only the first row with it is read.`,
        };
        continue;
      }
      seen.set(id.toLowerCase(), item.line);
      yield {
        kind: 'record',
        id,
        line: item.line,
        fields: result.fields,
        hash: rowHash(`${headerSignature}\n${JSON.stringify(item.cells)}`),
      };
    }
    if (!header)
      yield { kind: 'notice', line: 0, message: `${file.name} is empty: there is nothing to read in it.` };
    else if (rowsSeen === 0)
      yield { kind: 'notice', line: 0, message: `${file.name} has its column names but no rows yet.` };
  } catch (error) {
    const why =
      error instanceof NotASpreadsheetError || error instanceof NotAWorkbookError
        ? `${file.name} was left out: ${error.message}.`
        : fileProblem(file.name, error);
    yield { kind: 'stopped', line: 0, message: why };
  } finally {
    await rows.return(undefined);
  }
}
