import type { Page } from '@playwright/test';
import { api, artifacts, noSeriousA11yIssues, openView } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

const demoFlow = 'HubSpot contacts to Stripe customers';
const card = (page: Page, name: string) => page.getByRole('article', { name, exact: true });
// Issue 14, item 9: a custom schedule is read aloud as it is typed; seconds are refused.
test('the flow form reads a custom schedule aloud and refuses one with seconds', async ({ page, demo }) => {
  await page.goto(demo.url);
  await openView(page, 'Flows');
  await page.getByRole('link', { name: 'Create a flow' }).click();
  await page.getByLabel('Runs', { exact: true }).selectOption({ label: 'Custom (a cron expression)' });
  const reading = page.locator('.cron-reading');
  await expect(reading).toHaveText('Type five fields to see when it runs.');
  await page.getByLabel('Cron expression').fill('*/1 * * * * *');
  await expect(reading).toContainText('Not a schedule yet: it names seconds (6 fields)');
  await page.getByLabel('Cron expression').fill('0 8 * * 1-5');
  await expect(reading).toHaveText('Runs: At 08:00, Monday through Friday.');
  await expect(reading).toHaveAttribute('role', 'status');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}flows-cron-reading.png`, fullPage: true });
});

// Items 7 and 8: who started a run is shown; a deleted flow's runs stay, marked.
test('runs say who started them, and a deleted flow keeps its runs, as the delete dialog says', async ({
  page,
  demo,
}) => {
  test.setTimeout(90_000);
  await page.goto(demo.url);
  await openView(page, 'Flows');
  const flow = card(page, demoFlow);
  await flow.getByRole('button', { name: 'Sync now' }).click();
  await expect(flow).toContainText('Finished with problems', { timeout: 30_000 });

  await flow.getByRole('button', { name: `Delete ${demoFlow}` }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${demoFlow}?` });
  await expect(dialog).toContainText('Its runs stay in Runs, marked “deleted flow”');
  await expect(dialog).toContainText('closed as ignored');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}flows-delete-dialog.png`, fullPage: true });
  await dialog.getByRole('button', { name: 'Delete flow' }).click();
  await expect(flow).toHaveCount(0);

  await openView(page, 'Runs');
  const row = page.getByRole('table', { name: 'Run history, newest first' }).getByRole('row').nth(1);
  await expect(row).toContainText(demoFlow);
  await expect(row).toContainText('deleted flow');
  await expect(row).toContainText('Sync now, in the control centre');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}runs-deleted-flow.png`, fullPage: true });
  const ignored = await api<{ total: number }>(page, 'failures.list', { states: ['ignored'] });
  expect(ignored.total).toBe(1);

  // Its failure stays under the flow's own name, marked deleted (not "A deleted flow").
  await openView(page, 'Failures');
  await page.getByLabel('Show').selectOption({ label: 'Ignored' });
  await expect(page.getByRole('heading', { name: new RegExp(`^${demoFlow} \\(deleted\\):`) })).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}failures-deleted-flow.png`, fullPage: true });
});
