import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { demoCredentials, demoOAuthClients } from '../../core/demo/demo-apps.ts';
import { artifacts, noSeriousA11yIssues, openView, runDemoFlow } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

test('the audit log says who changed what and when, filters by kind, words and dates, and exports CSV without secrets', async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  await runDemoFlow(page);
  await openView(page, 'Settings');
  await page.getByLabel('Workspace name').fill('Bloggs & Co');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(/^Settings saved at/)).toBeVisible();

  await openView(page, 'Audit log');
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  // Newest first: the settings change, the run by hand, then the demo's setup.
  await expect(rows.nth(1)).toContainText('Changed settings');
  await expect(rows.nth(1)).toContainText(/workspaceName: .+ → Bloggs & Co/);
  await expect(rows.nth(2)).toContainText('Ran a flow by hand');
  await expect(rows.nth(2)).toContainText('HubSpot contacts to Stripe customers');
  // One per simulated app of the demo office, and two for Google Sheets: its Desktop
  // client's secret, then the tokens of the demo's sign-in.
  const saved = page.getByRole('row').filter({ hasText: 'Saved a credential' });
  await expect(saved).toHaveCount(9);
  await expect(saved.filter({ hasText: 'Google Sheets' })).toHaveCount(2);
  await expect(saved.filter({ hasText: 'Xero' })).toHaveCount(1);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}audit-log.png`, fullPage: true });

  // By kind: credentials only (their values never appear).
  await page.getByLabel('What').selectOption({ label: 'Credentials' });
  await expect(rows).toHaveCount(10); // the header row and the nine above
  await expect(rows.nth(1)).toContainText('Saved a credential');
  await expect(page.getByRole('row').filter({ hasText: 'Stripe' })).toHaveCount(1);
  const text = await page.locator('main').innerText();
  expect(text).not.toContain(demoCredentials.stripe);
  expect(text).not.toContain(demoCredentials.hubspot);
  expect(text).not.toContain(demoOAuthClients.googleSheets.secret);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}audit-log-credentials.png`, fullPage: true });

  // By words, then by dates: nothing before today.
  await page.getByLabel('What').selectOption({ label: 'Everything' });
  await page.getByLabel('Containing').fill('Stripe customers');
  await page.getByLabel('Containing').press('Enter');
  await expect(rows.nth(1)).toContainText('Ran a flow by hand');
  await page.getByLabel('Containing').fill('');
  await page.getByLabel('Containing').press('Enter');
  await page.getByLabel('Until (inclusive)').fill('2020-01-01');
  await expect(page.getByText('Nothing matches these filters.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export as CSV' })).toBeDisabled();
  // The same filter bar as the run history's: one button clears every filter.
  await page.getByLabel('Containing').fill('Stripe customers');
  await page.getByLabel('Containing').press('Enter');
  await page.screenshot({ path: `${artifacts}audit-log-filtered.png`, fullPage: true });
  await page
    .getByRole('form', { name: 'Filter the audit log' })
    .getByRole('button', { name: 'Clear filters' })
    .click();
  await expect(page.getByLabel('Until (inclusive)')).toHaveValue('');
  await expect(page.getByLabel('Containing')).toHaveValue('');
  await expect(rows.nth(1)).toContainText('Changed settings');

  // The export is a download of what is shown.
  await page.getByLabel('What').selectOption({ label: 'Setup changes' });
  await expect(rows.nth(1)).toContainText('Changed settings');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^patchbay-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  const table = parse(csv) as string[][];
  expect(table[0]).toEqual(['When (UTC)', 'Who', 'What', 'About', 'Details', 'Action']);
  expect(table[1]!.slice(1, 3)).toEqual(['A person', 'Changed settings']);
  expect(table.slice(1).map((r) => r[5])).not.toContain('credential.set');
  expect(csv).not.toContain(demoCredentials.stripe);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toContainText(
    `as ${download.suggestedFilename()}.`,
  );
  await page.screenshot({ path: `${artifacts}audit-log-exported.png`, fullPage: true });
});
