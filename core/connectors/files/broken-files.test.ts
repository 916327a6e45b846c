import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-workspace.ts';
import { createFolderConnector } from './folder-connector.ts';
import { encodeText } from './text-encoding.ts';
import { csv, readAll, workbook, type Read } from './folder-test-kit.ts';

// Thirty-odd kinds of broken (or merely awkward) spreadsheet file, each made here, each
// read by the real connector: every one gives a plain message, and nothing is lost —
// every data line is either a record or a failure naming file, line and column, and the
// good rows of a partly bad file still come through.

const temp = makeTempDir('patchbay-broken-');
afterAll(() => temp.dispose());

interface Case {
  name: string;
  make: (dir: string) => void | Promise<void>;
  pattern?: string;
  key?: string;
  /** Ids of the records read. */
  ids?: string[];
  rejected?: RegExp[];
  notices?: RegExp[];
  check?: (read: Read) => void;
  skip?: boolean;
}

const cases: Case[] = [
  {
    name: 'ragged rows (a column missing)',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name,total', '1,Ann,10', '2,Bob', '3,Cy,30')),
    ids: ['1', '3'],
    rejected: [
      /^orders\.csv, line 3, column "total" \(C\): this row has 2 columns where the header has 3\.$/,
    ],
  },
  {
    name: 'a row with more filled columns than the header',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name,total', '1,Ann,10,extra', '2,Bob,20')),
    ids: ['2'],
    rejected: [/line 2, column D: this row has 4 columns where the header has 3/],
    check: (r) => expect(r.rejected[0]!.fields).toMatchObject({ id: 1, 'Column D': 'extra' }),
  },
  {
    name: 'a stray separator at the end of every line',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name,total,', '1,Ann,10,', '2,Bob,20,')),
    ids: ['1', '2'],
  },
  {
    name: 'binary garbage',
    make: (d) =>
      writeFileSync(
        join(d, 'orders.csv'),
        Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      ),
    ids: [],
    notices: [
      /^orders\.csv was left out: it does not look like a spreadsheet \(it holds binary data, not text\)\.$/,
    ],
  },
  {
    name: 'an empty file',
    make: (d) => writeFileSync(join(d, 'orders.csv'), ''),
    ids: [],
    notices: [/^orders\.csv is empty: there is nothing to read in it\.$/],
  },
  {
    name: 'column names only',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name,total')),
    ids: [],
    notices: [/^orders\.csv has its column names but no rows yet\.$/],
  },
  {
    name: 'duplicate column names',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name,name,total', '1,Ann,Anna,10')),
    ids: ['1'],
    check: (r) => expect(r.records[0]!.fields).toEqual({ id: 1, name: 'Ann', 'name (2)': 'Anna', total: 10 }),
  },
  {
    name: 'blank column names',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,,total', '1,Ann,10')),
    ids: ['1'],
    check: (r) => expect(r.records[0]!.fields).toEqual({ id: 1, 'Column B': 'Ann', total: 10 }),
  },
  {
    name: 'formulas typed into a CSV stay text',
    make: (d) =>
      writeFileSync(join(d, 'orders.csv'), csv('id,total', '1,=SUM(A1:A2)', '2,"=HYPERLINK(""x"")"')),
    ids: ['1', '2'],
    check: (r) => expect(r.records.map((x) => x.fields.total)).toEqual(['=SUM(A1:A2)', '=HYPERLINK("x")']),
  },
  {
    name: 'an Excel formula gives the result Excel saved',
    pattern: 'orders.xlsx',
    make: (d) =>
      workbook(join(d, 'orders.xlsx'), (s) => {
        s.addRow(['id', 'total']);
        s.addRow([1, { formula: '2*5', result: 10 }]);
      }),
    ids: ['1'],
    check: (r) => expect(r.records[0]!.fields.total).toBe(10),
  },
  {
    name: 'an Excel formula never calculated',
    pattern: 'orders.xlsx',
    make: (d) =>
      workbook(join(d, 'orders.xlsx'), (s) => {
        s.addRow(['id', 'total']);
        s.addRow([1, { formula: '2*5' } as ExcelJS.CellFormulaValue]);
        s.addRow([2, 20]);
      }),
    ids: ['2'],
    rejected: [
      /^orders\.xlsx, line 2, column "total" \(B\): this row holds a formula Excel never calculated/,
    ],
  },
  {
    name: 'an Excel error value (#DIV/0!)',
    pattern: 'orders.xlsx',
    make: (d) =>
      workbook(join(d, 'orders.xlsx'), (s) => {
        s.addRow(['id', 'total']);
        s.addRow([1, { error: '#DIV/0!' } as ExcelJS.CellErrorValue]);
        s.addRow([2, 20]);
      }),
    ids: ['2'],
    rejected: [/line 2, column "total" \(B\): this row holds the Excel error #DIV\/0!/],
  },
  {
    name: 'merged cells',
    pattern: 'orders.xlsx',
    make: (d) =>
      workbook(join(d, 'orders.xlsx'), (s) => {
        s.addRow(['id', 'region', 'total']);
        s.addRow([1, 'North', 10]);
        s.addRow([2, null, 20]);
        s.mergeCells('B2:B3');
      }),
    ids: ['1', '2'],
    check: (r) => expect(r.records.map((x) => x.fields.region)).toEqual(['North', null]),
  },
  {
    name: 'a sheet that is not there',
    pattern: 'orders.xlsx#Summer',
    make: (d) => workbook(join(d, 'orders.xlsx'), (s) => s.addRow(['id'])),
    ids: [],
    notices: [/^orders\.xlsx was left out: it has no sheet called "Summer" \(its sheets: Orders\)\.$/],
  },
  {
    name: 'wrong encoding: a Windows-1252 byte far into a UTF-8 file',
    make: (d) => {
      const head = csv(
        'id,name',
        ...Array.from({ length: 3000 }, (_, i) => `${i + 1},Zoë ${'x'.repeat(20)}`),
      );
      writeFileSync(
        join(d, 'orders.csv'),
        Buffer.concat([
          Buffer.from(head),
          Buffer.from('3001,Caf'),
          Buffer.from([0xe9]),
          Buffer.from('\r\n3002,ok\r\n'),
        ]),
      );
    },
    check: (r) => expect(r.records).toHaveLength(3001),
    rejected: [
      /^orders\.csv, line 3002, column "name" \(B\): this row has characters that are not utf-8 text \(is the encoding right\?\)\.$/,
    ],
  },
  {
    name: 'a byte-order mark in the middle (two exports joined)',
    make: (d) =>
      writeFileSync(
        join(d, 'orders.csv'),
        '\uFEFF' + csv('id,name', '1,Ann') + '\uFEFF' + csv('id,name', '2,Bob'),
      ),
    ids: ['1', '2'],
    notices: [
      /^orders\.csv, line 3 repeats the column names \(were two files joined into one\?\): it was skipped\.$/,
    ],
  },
  {
    name: 'a quote never closed',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name', '1,Ann', '2,"Bob', '3,Cy')),
    ids: ['1'],
    rejected: [
      /^orders\.csv, line 3: this row has a quote \("\) that is never closed, so the file could not be read from here on\.$/,
    ],
    notices: [/^orders\.csv was read only up to line 2: /],
  },
  {
    name: 'a very long line (a cell of a million characters) is still a row',
    make: (d) =>
      writeFileSync(join(d, 'orders.csv'), csv('id,notes', `1,${'n'.repeat(1_000_000)}`, '2,short')),
    ids: ['1', '2'],
  },
  {
    name: 'a line longer than any export writes',
    make: (d) =>
      writeFileSync(join(d, 'orders.csv'), csv('id,notes', '1,ok', `2,${'n'.repeat(8_100_000)}`, '3,after')),
    ids: ['1'],
    rejected: [/^orders\.csv, line 3: this row is longer than 8,000,000 characters/],
    notices: [/was read only up to line 2/],
  },
  {
    name: 'NUL bytes in a row',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name', '1,Ann', '2,B\u0000ob', '3,Cy')),
    ids: ['1', '3'],
    rejected: [/^orders\.csv, line 3, column "name" \(B\): this row has NUL characters \(binary data\)\.$/],
    check: (r) => expect(r.rejected[0]!.fields).toEqual({ id: '2', name: 'Bob' }),
  },
  {
    name: 'a folder named like a CSV file',
    make: (d) => {
      mkdirSync(join(d, 'archive.csv'));
      writeFileSync(join(d, 'orders.csv'), csv('id', '1'));
    },
    pattern: '*.csv',
    ids: ['1'],
    notices: [/^archive\.csv is a folder, not a file: it was left out\.$/],
  },
  {
    name: 'a link that leads back to itself',
    make: (d) => {
      symlinkSync(join(d, 'b.csv'), join(d, 'a.csv'));
      symlinkSync(join(d, 'a.csv'), join(d, 'b.csv'));
      writeFileSync(join(d, 'orders.csv'), csv('id', '1'));
    },
    pattern: '*.csv',
    ids: ['1'],
    notices: [/^a\.csv is a shortcut \(link\) that leads back to itself/, /^b\.csv is a shortcut/],
  },
  {
    name: 'a link to a file that is gone',
    make: (d) => {
      symlinkSync(join(d, 'gone.csv'), join(d, 'link.csv'));
      writeFileSync(join(d, 'orders.csv'), csv('id', '1'));
    },
    pattern: '*.csv',
    ids: ['1'],
    notices: [/^link\.csv was moved or deleted while Patchbay was reading the folder/],
  },
  {
    name: 'permission denied',
    skip: process.getuid?.() === 0, // root reads every file: the case cannot be made as root
    make: (d) => {
      writeFileSync(join(d, 'secret.csv'), csv('id', '9'));
      chmodSync(join(d, 'secret.csv'), 0o000);
      writeFileSync(join(d, 'orders.csv'), csv('id', '1'));
    },
    pattern: '*.csv',
    ids: ['1'],
    notices: [/^secret\.csv (cannot be read: this Windows\/computer account has no permission|was left out)/],
  },
  {
    name: 'an .xlsx that is really a zip of junk',
    pattern: 'orders.xlsx',
    make: (d) =>
      // A zip's local file header, then nothing a workbook holds.
      writeFileSync(
        join(d, 'orders.xlsx'),
        Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(600, 0x41)]),
      ),
    ids: [],
    notices: [/^orders\.xlsx was left out: it (could not be read as an Excel workbook|has no sheets)/],
  },
  {
    name: 'an .xlsx that is a CSV renamed',
    pattern: 'orders.xlsx',
    make: (d) => writeFileSync(join(d, 'orders.xlsx'), csv('id', '1')),
    ids: [],
    notices: [
      /^orders\.xlsx was left out: it is not an Excel workbook \(\.xlsx files are zip archives, and this is not one\)\.$/,
    ],
  },
  {
    name: 'a password-protected workbook (an OLE compound file, as Excel saves them)',
    pattern: 'orders.xlsx',
    make: (d) =>
      writeFileSync(
        join(d, 'orders.xlsx'),
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]),
      ),
    ids: [],
    notices: [
      /^orders\.xlsx was left out: it is protected with a password \(or is an old \.xls file\): save it in Excel without a password as \.xlsx\.$/,
    ],
  },
  {
    name: 'a workbook open in Excel (its lock file ~$ next to it)',
    pattern: 'orders.xlsx',
    make: async (d) => {
      await workbook(join(d, 'orders.xlsx'), (s) => s.addRow(['id']));
      writeFileSync(join(d, '~$orders.xlsx'), 'owner');
    },
    ids: [],
    notices: [
      /^orders\.xlsx is open in another program \(Excel keeps it locked\): Patchbay leaves it for now and reads it on a later run/,
    ],
  },
  {
    name: 'UTF-16 LE with a mark, tab-separated (Excel\'s "Unicode text")',
    make: (d) =>
      writeFileSync(
        join(d, 'orders.csv'),
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          encodeText(csv('id\tname', '1\tZoë', '2\t東京'), 'utf-16le'),
        ]),
      ),
    ids: ['1', '2'],
    check: (r) => expect(r.records.map((x) => x.fields.name)).toEqual(['Zoë', '東京']),
  },
  {
    name: 'UTF-16 BE with a mark',
    make: (d) =>
      writeFileSync(
        join(d, 'orders.csv'),
        Buffer.concat([Buffer.from([0xfe, 0xff]), encodeText(csv('id;name', '1;Zoë'), 'utf-16be')]),
      ),
    ids: ['1'],
    check: (r) => expect(r.records[0]!.fields.name).toBe('Zoë'),
  },
  {
    name: 'Windows-1252 with € and umlauts, semicolons, decimal commas',
    make: (d) =>
      writeFileSync(
        join(d, 'orders.csv'),
        encodeText(csv('id;name;total', '1;Müller € GmbH;1.234,56'), 'windows-1252'),
      ),
    ids: ['1'],
    check: (r) => expect(r.records[0]!.fields).toEqual({ id: 1, name: 'Müller € GmbH', total: 1234.56 }),
  },
  {
    name: "Excel's sep= hint on the first line",
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('sep=;', 'id;name', '1;Ann, Jr')),
    ids: ['1'],
    check: (r) => expect(r.records[0]!.fields.name).toBe('Ann, Jr'),
  },
  {
    name: 'mixed line ends (Windows, Unix, old Mac)',
    make: (d) => writeFileSync(join(d, 'orders.csv'), 'id,name\r\n1,Ann\n2,Bob\r3,Cy\r\n'),
    ids: ['1', '2', '3'],
  },
  {
    name: 'blank lines between rows',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name', '1,Ann', '', '', '2,Bob')),
    ids: ['1', '2'],
  },
  {
    name: 'a quoted cell over two lines keeps the line it starts on',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name,total', '1,"Ann\nSmith",10', '2,Bob')),
    ids: ['1'],
    rejected: [/^orders\.csv, line 4, column "total"/],
    check: (r) => expect(r.records[0]!.fields.name).toBe('Ann\nSmith'),
  },
  {
    name: 'the key column is not in the file',
    key: 'Customer number',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name', '1,Ann')),
    ids: [],
    notices: [
      /^orders\.csv was left out: it has no column called "Customer number" to use as the key \(its columns: id, name\)/,
    ],
  },
  {
    name: 'the same key twice',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name', '1,Ann', '2,Bob', '1,Ann again')),
    ids: ['1', '2'],
    rejected: [
      /^orders\.csv, line 4, column "id" \(A\): the key "1" was already on line 2; only the first row with it is read\.$/,
    ],
  },
  {
    name: 'a row without a key',
    make: (d) => writeFileSync(join(d, 'orders.csv'), csv('id,name', '1,Ann', ',Nobody', '3,Cy')),
    ids: ['1', '3'],
    rejected: [/^orders\.csv, line 3, column "id" \(A\): this row has no value in the key column "id"\.$/],
  },
];

describe('broken spreadsheet files', () => {
  it.each(cases.filter((c) => !c.skip).map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const dir = join(temp.dir, `case-${cases.indexOf(c)}`);
      mkdirSync(dir);
      await c.make(dir);
      const connector = createFolderConnector({
        appId: 'app',
        appName: 'Exports',
        config: { folder: dir, pattern: c.pattern ?? 'orders.csv', key: c.key ?? 'id' },
        secret: async () => undefined,
        now: () => new Date('2026-11-29T12:00:00Z'),
      });
      const entity = connector.entityNames()[0]!;
      const read = await readAll(connector, entity);
      if (c.ids) expect(read.records.map((r) => r.id)).toEqual(c.ids);
      expect(read.rejected.map((r) => r.message)).toEqual(
        (c.rejected ?? []).map((m) => expect.stringMatching(m)),
      );
      expect(read.notices).toEqual((c.notices ?? []).map((m) => expect.stringMatching(m)));
      c.check?.(read);
    },
    60_000,
  );
});
