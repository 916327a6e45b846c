import { expect, it } from 'vitest';
import { columnName, gridRecords, keyedRows, rowsOfRange } from './sheet-rows.ts';

// The header-row adapter's reading of a grid (Google Sheets' values).

it('reads the first row as field names and every other non-empty row as a record numbered by its row', () => {
  const grid = [['SKU', 'Name', '', 'Price'], ['A-1', 'Mug', 'ignored', '7'], [], ['', ''], ['B-2']];
  expect(gridRecords(grid)).toEqual([
    { row: 2, fields: { SKU: 'A-1', Name: 'Mug', Price: '7' } },
    { row: 5, fields: { SKU: 'B-2', Name: '', Price: '' } },
  ]);
  expect(gridRecords(undefined)).toEqual([]); // Sheets leaves `values` out of an empty range
  expect(() => gridRecords('not a grid')).toThrow();
});

it('names columns and reads the rows an updated range covers', () => {
  expect([0, 25, 26, 51, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
  expect(rowsOfRange("'Price list'!A5:D7")).toEqual([5, 6, 7]);
  expect(rowsOfRange('Sheet1!A12:C12')).toEqual([12]);
  expect(rowsOfRange('Sheet1!A3')).toEqual([3]);
});

it('takes the key column as id, and sets aside a row without a key or with a key seen before', () => {
  const records = gridRecords([
    ['SKU', 'Name'],
    [' A-1 ', 'Mug'],
    ['', 'Nameless'],
    ['a-1', 'Twin'],
    ['B-2', 'Cup'],
  ]);
  const { rows, rejected } = keyedRows(records, 'SKU');
  expect(rows.map((r) => [r.key, r.row])).toEqual([
    ['A-1', 2],
    ['B-2', 5],
  ]);
  expect(rejected).toEqual([
    {
      id: 'row 3',
      fields: { SKU: '', Name: 'Nameless' },
      message:
        'Row 3 has no "SKU" (the sheet\'s key column): fill it in so Patchbay can tell this row from the others.',
    },
    {
      id: 'row 4',
      fields: { SKU: 'a-1', Name: 'Twin' },
      message: 'Row 4 has the same "SKU" as row 2 (a-1): make it unique.',
    },
  ]);
});
