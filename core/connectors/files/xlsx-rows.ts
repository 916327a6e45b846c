import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import type { CellValue, SheetItem } from './sheet-rows.ts';

// Streams one sheet of an Excel workbook as rows (exceljs's streaming reader: a row at
// a time). A formula gives the result Excel saved with it; an Excel error (#REF!,
// #DIV/0!) or a formula never calculated is a problem naming the cell.

export class NotAWorkbookError extends Error {}

/** exceljs takes a second to load: only a folder with Excel files pays for it, not every start of Patchbay. */
export const loadExcel = () => import('exceljs');

/** The first bytes say what the file really is: an xlsx is a zip; a password-protected one is an OLE box. */
export async function checkWorkbookBytes(path: string): Promise<void> {
  const handle = await open(path, 'r');
  const head = Buffer.alloc(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw new NotAWorkbookError(
      'it is protected with a password (or is an old .xls file): save it in Excel without a password as .xlsx',
    );
  if (!head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    throw new NotAWorkbookError(
      'it is not an Excel workbook (.xlsx files are zip archives, and this is not one)',
    );
}

type ExcelValue = ExcelJS.CellValue;

function cellOf(value: ExcelValue): { value: CellValue } | { problem: string } {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { value };
  if (value instanceof Date) {
    const iso = value.toISOString();
    return { value: iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z') };
  }
  if ('error' in value) return { problem: `holds the Excel error ${value.error}` };
  if ('richText' in value) return { value: value.richText.map((part) => part.text).join('') };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelValue }).result;
    if (result === undefined)
      return { problem: 'holds a formula Excel never calculated (open the file in Excel and save it)' };
    return cellOf(result);
  }
  if ('text' in value) return { value: String((value as { text: unknown }).text) };
  return { value: String(value as unknown) };
}

/**
 * The rows of one sheet (by name, or the first), header first. Throws NotAWorkbookError
 * when the file is not a workbook or has no such sheet.
 */
export async function* xlsxRows(path: string, sheet: string | undefined): AsyncGenerator<SheetItem> {
  await checkWorkbookBytes(path);
  const stream = createReadStream(path);
  const { default: excel } = await loadExcel();
  const reader = new excel.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const names: string[] = [];
  let found = false;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      names.push(name);
      const wanted = sheet === undefined ? names.length === 1 : name.toLowerCase() === sheet.toLowerCase();
      if (!wanted || found) continue;
      found = true;
      for await (const row of worksheet) {
        const values = (row.values as ExcelValue[]).slice(1);
        const cells: CellValue[] = [];
        let problem: { column: number; message: string } | undefined;
        for (let i = 0; i < values.length; i++) {
          const cell = cellOf(values[i]);
          if ('problem' in cell) {
            problem ??= { column: i, message: cell.problem };
            cells.push(null);
          } else cells.push(cell.value);
        }
        if (problem) yield { kind: 'problem', line: row.number, ...problem, cells };
        else yield { kind: 'row', line: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof NotAWorkbookError) throw error;
    throw new NotAWorkbookError(
      `it could not be read as an Excel workbook (${error instanceof Error ? error.message.slice(0, 120) : 'unknown problem'})`,
    );
  } finally {
    stream.destroy();
  }
  if (!found)
    throw new NotAWorkbookError(
      sheet === undefined
        ? 'it has no sheets'
        : `it has no sheet called "${sheet}" (its sheets: ${names.join(', ') || 'none'})`,
    );
}
