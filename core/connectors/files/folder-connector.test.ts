import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeText } from './text-encoding.ts';
import { csv, openFolderKit, workbook, type FolderKit } from './folder-test-kit.ts';
import { backupFolderName } from './atomic-file.ts';

// The "Folder of spreadsheets" connector through the real engine and a real workspace:
// a CSV exported by hand syncs into another file, typed; a re-export with one changed row
// writes one record; bad rows go to the failure queue naming file, line and column.

let kit: FolderKit;
afterEach(() => kit.dispose());

const customers = (rows: number, changed: ReadonlyMap<number, string> = new Map()) =>
  [
    'Nr;Kunde;Betrag;Datum',
    ...Array.from(
      { length: rows },
      (_, i) => `${i + 1};${changed.get(i + 1) ?? `Müller ${i + 1}`};${i + 1},50;29.11.2026`,
    ),
  ].join('\r\n') + '\r\n';

const columns = ['Nr', 'Kunde', 'Betrag', 'Datum'];

describe('a folder of spreadsheets', () => {
  it('syncs a Windows-1252 CSV with semicolons and decimal commas, typed, and a re-export with one changed row writes one record', async () => {
    kit = openFolderKit();
    const inbox = kit.folder('exports');
    const outbox = kit.folder('ledger');
    writeFileSync(join(inbox, 'customers.csv'), encodeText(customers(2500), 'windows-1252'));
    const source = await kit.folderApp('Exports', { folder: inbox, pattern: 'customers*.csv', key: 'Nr' });
    const target = await kit.folderApp('Ledger', {
      folder: outbox,
      pattern: 'ledger.csv',
      key: 'Nr',
      delimiter: ';',
    });
    const flow = await kit.copyFlow(source, 'customers', target, 'ledger', columns, 'Nr');

    const first = await kit.call('flows.run', { id: flow.id });
    expect(first).toMatchObject({ status: 'succeeded', counts: { read: 2500, created: 2500, failed: 0 } });
    const written = readFileSync(join(outbox, 'ledger.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(written[0]).toBe('Nr;Kunde;Betrag;Datum');
    // Typed on the way in (12,50 → 12.5, 29.11.2026 → ISO), written back with the file's decimal comma.
    expect(written[12]).toBe('12;Müller 12;12,5;2026-11-29');
    expect(written.filter(Boolean)).toHaveLength(2501);

    // Excel saves the file again with one row changed: one record read, one written.
    writeFileSync(
      join(inbox, 'customers.csv'),
      encodeText(customers(2500, new Map([[1234, 'Mueller-Lüdenscheid']])), 'windows-1252'),
    );
    const second = await kit.call('flows.run', { id: flow.id });
    expect(second).toMatchObject({ status: 'succeeded', counts: { read: 1, updated: 1, created: 0 } });
    expect(readFileSync(join(outbox, 'ledger.csv'), 'utf8')).toContain(
      '1234;Mueller-Lüdenscheid;1234,5;2026-11-29',
    );

    // Untouched since: the file is not even opened.
    const third = await kit.call('flows.run', { id: flow.id });
    expect(third.counts).toMatchObject({ read: 0, created: 0, updated: 0 });
    // The version before the day's first change is kept.
    expect(readdirSync(join(outbox, backupFolderName))).toHaveLength(1);
  });

  it('sends bad rows to the failure queue naming file, line and column, and syncs the rest', async () => {
    kit = openFolderKit();
    const inbox = kit.folder('exports');
    const outbox = kit.folder('ledger');
    writeFileSync(
      join(inbox, 'customers.csv'),
      [
        'Nr,Kunde,Betrag,Datum',
        '1,Anna,1.5,2026-01-01',
        '2,Bob,2.5',
        '3,Cleo,3.5,2026-01-03',
        ',Dan,4,2026-01-04',
        '5,Eve,5,2026-01-05',
      ].join('\n'),
    );
    const source = await kit.folderApp('Exports', { folder: inbox, pattern: 'customers.csv', key: 'Nr' });
    const target = await kit.folderApp('Ledger', { folder: outbox, pattern: 'ledger.xlsx', key: 'Nr' });
    const flow = await kit.copyFlow(source, 'customers', target, 'ledger', columns, 'Nr');
    const run = await kit.call('flows.run', { id: flow.id });
    expect(run).toMatchObject({ status: 'partial', counts: { read: 5, created: 3, failed: 2 } });
    const failures = await kit.call('failures.list', { flowId: flow.id });
    expect(failures.items.map((f) => f.message).sort()).toEqual([
      'customers.csv, line 3, column "Datum" (D): this row has 3 columns where the header has 4.',
      'customers.csv, line 5, column "Nr" (A): this row has no value in the key column "Nr".',
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(outbox, 'ledger.xlsx'));
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Nr', 'Kunde', 'Betrag', 'Datum']);
    expect(sheet.getRow(3).values).toEqual([undefined, 3, 'Cleo', 3.5, '2026-01-03']);
    expect(existsSync(join(outbox, backupFolderName))).toBe(false);

    // Someone fixes the short row and saves: it syncs, and its failure resolves itself.
    const fixed = readFileSync(join(inbox, 'customers.csv'), 'utf8').replace(
      '2,Bob,2.5',
      '2,Bob,2.5,2026-01-02',
    );
    writeFileSync(join(inbox, 'customers.csv'), fixed);
    const again = await kit.call('flows.run', { id: flow.id });
    expect(again.counts).toMatchObject({ read: 2, created: 1, failed: 1 });
    const open = await kit.call('failures.list', { flowId: flow.id });
    expect(open.items.map((f) => f.sourceRecordId)).toEqual(['customers.csv:5']);
    await book.xlsx.readFile(join(outbox, 'ledger.xlsx'));
    expect(book.worksheets[0]!.getRow(5).values).toEqual([undefined, 2, 'Bob', 2.5, '2026-01-02']);
    // The workbook Patchbay replaced is kept as it was before the day's first change.
    expect(readdirSync(join(outbox, backupFolderName))).toEqual([
      expect.stringMatching(/^ledger \d{4}-\d{2}-\d{2}\.xlsx$/),
    ]);
  });

  it('checks its settings in words: a full path when saved, the folder there at the connection test', async () => {
    kit = openFolderKit();
    const create = (config: Record<string, string>) => kit.folderApp('Exports', config);
    await expect(create({ folder: 'exports', pattern: '*.csv' })).rejects.toThrow(
      'Folder must be a full path, such as C:\\Exports\\Accounts (starting with a drive letter, \\\\server or /), not "exports".',
    );
    await expect(create({ folder: kit.folder('x'), delimiter: '|' })).rejects.toThrow(
      'Column separator must be one of: Find out by itself, Comma ( , ), Semicolon ( ; ), Tab.',
    );
    const missing = join(kit.dir, 'office', 'not-there');
    const app = await create({ folder: missing });
    expect(await kit.call('credentials.test', { appId: app.id })).toMatchObject({
      ok: false,
      message: expect.stringContaining(
        `Patchbay could not read Exports: the folder ${missing} does not exist`,
      ),
    });
    kit.folder('not-there');
    expect(await kit.call('credentials.test', { appId: app.id })).toEqual({
      ok: true,
      message: 'Connected to Exports.',
    });
  });

  it("offers the flow editor the columns of every matching file, CSV and Excel (its sheet's first row)", async () => {
    kit = openFolderKit();
    const inbox = kit.folder('exports');
    // Two months of exports: November's gained a column. A broken file adds nothing.
    writeFileSync(join(inbox, 'orders-2026-10.csv'), 'Order;Customer;Total\r\n1;Anna;1,50\r\n');
    writeFileSync(
      join(inbox, 'orders-2026-11.csv'),
      encodeText('Order;Customer;Total;Échéance\r\n2;Bo;2,50;29.11.2026\r\n', 'windows-1252'),
    );
    writeFileSync(join(inbox, 'orders-junk.csv'), Buffer.from([0, 1, 2, 3, 0, 0, 255]));
    await workbook(
      join(inbox, 'prices.xlsx'),
      (sheet) => {
        sheet.addRow(['Article', 'Price', '']);
        sheet.addRow(['A-1', 9.5]);
      },
      'Summer',
    );
    const app = await kit.folderApp('Exports', {
      folder: inbox,
      pattern: 'orders-*.csv; prices.xlsx#Summer; missing-*.csv',
    });

    const entities = await kit.call('apps.entities', { id: app.id });
    expect(entities.map((e) => [e.name, e.label, e.fields.map((f) => f.name)])).toEqual([
      ['orders', 'orders-*.csv', ['Order', 'Customer', 'Total', 'Échéance']],
      ['Summer', 'prices.xlsx, sheet Summer', ['Article', 'Price']],
      ['missing', 'missing-*.csv', []],
    ]);
  });

  it('syncs a CSV keyed on two columns into a CSV and a SQLite table keyed on both: one record per order line, a re-export with one changed line writes one', async () => {
    kit = openFolderKit();
    const inbox = kit.folder('exports');
    const outbox = kit.folder('ledger');
    const lines = (changed = 'Table') =>
      csv(
        'Order;Line;Article;Qty',
        '1001;1;Chair;4',
        `1001;2;${changed};1`,
        '1002;1;Chair;2',
        '1002;2;Lamp;1',
        '1002;2;Lamp again;9',
      );
    writeFileSync(join(inbox, 'lines.csv'), lines());
    const file = join(kit.dir, 'office', 'ledger.db');
    const db = new Database(file);
    db.exec(
      'CREATE TABLE order_lines ("Order" TEXT NOT NULL, "Line" INTEGER NOT NULL, "Article" TEXT, "Qty" INTEGER, PRIMARY KEY ("Order", "Line"))',
    );
    db.close();
    const source = await kit.folderApp('Exports', {
      folder: inbox,
      pattern: 'lines.csv',
      key: 'Order + Line',
    });
    const ledger = await kit.folderApp('Ledger', {
      folder: outbox,
      pattern: 'ledger.csv',
      key: 'Order + Line',
      delimiter: ';',
    });
    const database = await kit.call('apps.create', {
      name: 'Ledger database',
      category: 'other',
      connector: {
        kind: 'database',
        connector: 'sqlite',
        config: { file, matchColumns: 'order_lines.Order + Line' },
      },
    });
    const columns = ['Order', 'Line', 'Article', 'Qty'];
    const toCsv = await kit.copyFlow(source, 'lines', ledger, 'ledger', columns, 'Order + Line');
    const toDb = await kit.copyFlow(source, 'lines', database, 'order_lines', columns, 'Order + Line');
    expect(toDb.matchKey).toBe('Order + Line');

    for (const flow of [toCsv, toDb]) {
      // The fifth line repeats the fourth's order and line: it is refused, naming both.
      const run = await kit.call('flows.run', { id: flow.id });
      expect(run).toMatchObject({ status: 'partial', counts: { read: 5, created: 4, failed: 1 } });
    }
    const [failure] = (await kit.call('failures.list', { flowId: toCsv.id })).items;
    expect(failure!.message).toContain(
      'lines.csv, line 6, column "Order" (A): the key Order "1002" + Line "2" was already on line 5',
    );
    expect(
      readFileSync(join(outbox, 'ledger.csv'), 'utf8')
        .replace(/^\uFEFF/, '')
        .split('\r\n'),
    ).toEqual([
      'Order;Line;Article;Qty',
      '1001;1;Chair;4',
      '1001;2;Table;1',
      '1002;1;Chair;2',
      '1002;2;Lamp;1',
      '',
    ]);
    const rows = () => {
      const read = new Database(file, { readonly: true });
      try {
        return read.prepare('SELECT * FROM order_lines ORDER BY "Order", "Line"').all();
      } finally {
        read.close();
      }
    };
    expect(rows()).toHaveLength(4);

    // One line of order 1001 changes: one record written each (the repeated line, still
    // there, is read and refused again), the line of the same order beside it untouched.
    writeFileSync(join(inbox, 'lines.csv'), lines('Desk'));
    for (const flow of [toCsv, toDb])
      expect(await kit.call('flows.run', { id: flow.id })).toMatchObject({
        counts: { read: 2, updated: 1, created: 0, failed: 1 },
      });
    expect(readFileSync(join(outbox, 'ledger.csv'), 'utf8')).toContain('1001;2;Desk;1\r\n1002;1;Chair;2');
    expect(rows()).toEqual([
      { Order: '1001', Line: 1, Article: 'Chair', Qty: 4 },
      { Order: '1001', Line: 2, Article: 'Desk', Qty: 1 },
      { Order: '1002', Line: 1, Article: 'Chair', Qty: 2 },
      { Order: '1002', Line: 2, Article: 'Lamp', Qty: 1 },
    ]);
  });
});
