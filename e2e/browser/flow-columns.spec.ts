import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, artifacts, noSeriousA11yIssues, openView } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

// Issue 13: the flow editor offers a database's tables and a folder's files (CSV, and an
// Excel sheet) with their columns, read from the apps themselves, and says in words when
// a mapped column is not there. The apps are made through the API (the app form is not
// this test's subject); the files and the database as the office's programs would.

test('the flow editor offers the columns of a folder of spreadsheets and of a database table, and flags a column they lack', async ({
  page,
  served,
}) => {
  // Two axe passes and the apps asked for their columns, on a loaded machine.
  test.setTimeout(90_000);
  const office = mkdtempSync(join(tmpdir(), 'patchbay-office-'));
  try {
    const exports = join(office, 'Shop exports');
    mkdirSync(exports);
    // October's export lacks the column November's has: the editor offers both months' columns.
    writeFileSync(join(exports, 'orders-2026-10.csv'), 'Order;Customer;Total\r\n1001;Anna Berg;120,50\r\n');
    writeFileSync(
      join(exports, 'orders-2026-11.csv'),
      'Order;Customer;Total;Customer email\r\n1002;Bo Lind;80,00;bo@example.com\r\n',
    );
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Summer').addRow(['Article', 'Price']);
    await book.xlsx.writeFile(join(exports, 'prices.xlsx'));
    const file = join(office, 'ledger.db');
    const db = new Database(file);
    db.exec(
      'CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT, balance REAL)',
    );
    db.close();

    await page.goto(served.url);
    await api(page, 'apps.create', {
      name: 'Shop exports',
      category: 'accounting',
      connector: {
        kind: 'files',
        connector: 'folder',
        config: { folder: exports, pattern: 'orders-*.csv; prices.xlsx#Summer', key: 'Order' },
      },
    });
    await api(page, 'apps.create', {
      name: 'Ledger',
      category: 'accounting',
      connector: { kind: 'database', connector: 'sqlite', config: { file } },
    });

    await openView(page, 'Flows');
    await page.getByRole('link', { name: 'Create a flow' }).first().click();
    await page.getByLabel('Copy from app').selectOption({ label: 'Shop exports' });
    const read = page.getByLabel('Records to read');
    await expect(read.getByRole('option')).toHaveText([
      'Choose what to copy',
      'orders-*.csv',
      'prices.xlsx, sheet Summer',
    ]);
    await read.selectOption({ label: 'prices.xlsx, sheet Summer' });
    await expect(page.getByText('Columns: Article, Price')).toBeVisible();
    await read.selectOption({ label: 'orders-*.csv' });
    await expect(page.getByText('Columns: Order, Customer, Total, Customer email')).toBeVisible();

    // The database's one table is chosen by itself once the app has answered.
    await page.getByLabel('Copy to app').selectOption({ label: 'Ledger' });
    await expect(page.getByLabel('Records to write')).toHaveValue('customers');
    await expect(page.getByText('Columns: id, email, name, balance')).toBeVisible();

    // Typing offers the columns; a column neither has is flagged in words before any preview.
    const target = page.getByLabel('Field in Ledger customers');
    await expect(page.locator('datalist#target-fields option')).toHaveCount(4);
    await expect(page.locator('datalist#source-fields option')).toHaveCount(4);
    await target.fill('emial');
    await page.getByLabel('Source field').fill('Custmer email');
    await expect(
      page.getByText(
        'Check this field: Ledger customers has no column emial, so every record would be refused. Did you mean “email”?',
      ),
    ).toBeVisible();
    await expect(
      page.getByText(
        'Check this field: Shop exports orders has no column “Custmer email”. Did you mean “Customer email”?',
      ),
    ).toBeVisible();
    await noSeriousA11yIssues(page);
    await page.screenshot({ path: `${artifacts}flow-editor-columns.png`, fullPage: true });

    await target.fill('email');
    await page.getByLabel('Source field').fill('Customer email');
    await expect(page.getByText(/Check this field/)).toHaveCount(0);

    // Records told apart by two fields together: the second is chosen beside the first.
    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.getByLabel('Field in Ledger customers').last().fill('name');
    await page.getByLabel('Source field').last().fill('Customer');
    await page.getByLabel('Match records by').selectOption('email');
    await page.getByLabel('Together with').selectOption('name');
    await expect(page.getByText('with the same email + name is updated, never copied twice')).toBeVisible();
    await noSeriousA11yIssues(page);
    await page.getByRole('group', { name: 'Matching and writing' }).screenshot({
      path: `${artifacts}flow-editor-match-two-fields.png`,
    });
  } finally {
    rmSync(office, { recursive: true, force: true });
  }
});
