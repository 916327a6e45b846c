import type ExcelJS from 'exceljs';
import { replaceAtomically } from './atomic-file.ts';
import { joinKey } from '../../contract/composite-key.ts';
import { columnsFor, keyIndexesIn, valueFor, type WriteRequest } from './write-rows.ts';
import { checkWorkbookBytes, loadExcel } from './xlsx-rows.ts';

// Writes rows into one sheet of a workbook: the workbook is read whole (exceljs keeps
// its other sheets, styles and formulas), rows whose key matches are changed, the others
// added, and the file replaced whole (atomic-file.ts).

const cellValue = (value: unknown): ExcelJS.CellValue => {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  )
    return value;
  return JSON.stringify(value);
};

const textOf = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((p) => p.text).join('');
  return value instanceof Date ? value.toISOString() : String(value as unknown);
};

export async function writeXlsx(request: WriteRequest): Promise<string[]> {
  const { target, items } = request;
  const { default: excel } = await loadExcel();
  const workbook = new excel.Workbook();
  if (request.exists) {
    await checkWorkbookBytes(target.path);
    await workbook.xlsx.readFile(target.path);
  }
  const sheet =
    (target.sheet === undefined
      ? workbook.worksheets[0]
      : workbook.worksheets.find((w) => w.name.toLowerCase() === target.sheet!.toLowerCase())) ??
    workbook.addWorksheet(target.sheet ?? 'Sheet1');
  const headerRow = sheet.getRow(1);
  const header: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, col) => (header[col - 1] = textOf(cell.value).trim()));
  const columns = columnsFor(
    header.map((h) => h ?? ''),
    items,
  );
  columns.forEach((name, i) => (headerRow.getCell(i + 1).value = name));
  headerRow.commit?.();

  const keyIndexes = keyIndexesIn(columns, request.keyColumns);
  const rowOfKey = new Map<string, number>();
  if (request.mode === 'upsert' && keyIndexes)
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const key = joinKey(keyIndexes.map((i) => textOf(row.getCell(i + 1).value).trim())).toLowerCase();
      if (key && !rowOfKey.has(key)) rowOfKey.set(key, number);
    });

  const ids = items.map((item) => {
    const existing =
      request.mode === 'upsert' && item.key !== undefined ? rowOfKey.get(item.key.toLowerCase()) : undefined;
    const number = existing ?? Math.max(sheet.rowCount, 1) + 1;
    const row = sheet.getRow(number);
    columns.forEach((column, i) => {
      const given = valueFor(item.record, column);
      if (given.found) row.getCell(i + 1).value = cellValue(given.value);
    });
    if (existing === undefined && item.key !== undefined) rowOfKey.set(item.key.toLowerCase(), number);
    return item.key ?? `${target.name}:${number}`;
  });

  await replaceAtomically(target.path, (temp) => workbook.xlsx.writeFile(temp), {
    now: request.now,
    backup: true,
    exists: request.exists,
  });
  return ids;
}
