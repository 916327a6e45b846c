import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyColumnsFlow } from '../../core/testing/column-flows.ts';
import { api, artifacts, noSeriousA11yIssues, openView } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

// Issue 13: dropping a file into a folder a flow reads runs that flow, and the run says
// why it started. The apps and the flow are made through the API (the app form is not
// this test's subject); the file is dropped as another program would.

test('a file dropped into a watched folder runs its flow, and the run says a file started it', async ({
  page,
  served,
}) => {
  const office = mkdtempSync(join(tmpdir(), 'patchbay-office-'));
  try {
    const inbox = join(office, 'Incoming orders');
    const outbox = join(office, 'Ledger');
    mkdirSync(inbox);
    mkdirSync(outbox);
    await page.goto(served.url);
    const folderApp = (name: string, folder: string, pattern: string) =>
      api<{ id: string }>(page, 'apps.create', {
        name,
        category: 'accounting',
        connector: { kind: 'files', connector: 'folder', config: { folder, pattern, key: 'Order' } },
      });
    const source = await folderApp('Shop exports', inbox, 'orders-*.csv');
    const target = await folderApp('Ledger file', outbox, 'ledger.xlsx');
    const flow = await api<{ id: string; name: string }>(
      page,
      'flows.create',
      copyColumnsFlow({
        name: 'Shop orders into the ledger',
        from: { id: source.id, entity: 'orders' },
        to: { id: target.id, entity: 'ledger' },
        key: 'Order',
        columns: ['Order', 'Customer', 'Total'],
      }),
    );

    writeFileSync(
      join(inbox, 'orders-2026-11-29.csv'),
      'Order;Customer;Total\r\n1001;Anna Berg;120,50\r\n1002;Bo Lind;80,00\r\n1003;Cleo Ek\r\n',
    );
    const runs = () =>
      api<{ items: { id: number; status: string }[] }>(page, 'runs.list', { flowId: flow.id });
    // The run that read the file. On a loaded machine the watcher can start after the file
    // landed, and its start-up scan and chokidar may then both report it: a second run
    // finds nothing new and succeeds, so the file's run need not be the newest.
    const fileRun = async () => (await runs()).items.find((r) => r.status === 'partial');
    await expect.poll(async () => (await fileRun())?.status, { timeout: 30_000 }).toBe('partial');
    const run = await fileRun();

    await openView(page, 'Runs');
    const row = page
      .getByRole('table', { name: 'Run history, newest first' })
      .getByRole('row')
      .filter({ hasText: `#${run!.id}` });
    await expect(row).toContainText('A file arrived or changed');
    await expect(row).toContainText('3 read · 2 created · 1 failed');
    await noSeriousA11yIssues(page);
    await page.screenshot({ path: `${artifacts}watched-folder-runs.png`, fullPage: true });

    await page.getByRole('link', { name: `Run ${run!.id}: ${flow.name}` }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await expect(timeline).toContainText('Started because a file arrived or changed in its folder.');
    const failed = page.getByRole('list', { name: 'Records that failed' }).getByRole('listitem');
    await expect(failed).toContainText(
      'orders-2026-11-29.csv, line 4, column "Total" (C): this row has 2 columns where the header has 3.',
    );
    await noSeriousA11yIssues(page);
    await page.screenshot({ path: `${artifacts}watched-folder-run.png`, fullPage: true });
  } finally {
    rmSync(office, { recursive: true, force: true });
  }
});
