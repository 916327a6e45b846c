import { api, artifacts, noSeriousA11yIssues, openView } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

test('with no runs yet, the history says where runs come from', async ({ page, served }) => {
  await page.goto(served.url);
  await openView(page, 'Runs');
  await expect(page.getByText('No runs yet')).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Flows' })).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}runs-empty.png`, fullPage: true });
});

test('the run history shows a partial run, filters narrow it, and its page has the timeline and the failed record', async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  const flows = await api<{ id: string; name: string }[]>(page, 'flows.list');
  const flow = flows.find((f) => f.name === 'HubSpot contacts to Stripe customers')!;
  const result = await api<{ runId: number; status: string }>(page, 'flows.run', { id: flow.id });
  expect(result.status).toBe('partial');

  await openView(page, 'Runs');
  const rows = page.getByRole('table', { name: 'Run history, newest first' }).getByRole('row');
  const row = rows.filter({ hasText: `#${result.runId}` });
  await expect(row).toContainText('HubSpot contacts to Stripe customers');
  await expect(row).toContainText('Started by hand');
  await expect(row).toContainText('Partly succeeded');
  await expect(row).toContainText('49 read · 48 created · 1 failed');
  await expect(page.getByText('Showing 1–1 of 1 run')).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}runs-list.png`, fullPage: true });

  // Filters live in the address, and each narrows the list.
  await page.getByLabel('Result').selectOption({ label: 'Failed' });
  await expect(page.getByText('No runs match these filters')).toBeVisible();
  expect(page.url()).toContain('status=failed');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}runs-filtered-empty.png`, fullPage: true });
  await page.getByLabel('Result').selectOption({ label: 'Partly succeeded' });
  await expect(row).toBeVisible();
  await page.getByLabel('Flow').selectOption({ label: 'Shop orders to accounting' });
  await expect(page.getByText('No runs match these filters')).toBeVisible();
  await page.getByLabel('Flow').selectOption({ label: 'HubSpot contacts to Stripe customers' });
  await expect(row).toBeVisible();
  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  await page.getByLabel('Started from').fill(day(tomorrow));
  await expect(page.getByText('No runs match these filters')).toBeVisible();
  await page.getByLabel('Started from').fill(day(new Date()));
  await page.getByLabel('Until (inclusive)').fill(day(new Date()));
  await expect(row).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Result')).toHaveValue('partial');
  await expect(row).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(page.getByLabel('Result')).toHaveValue('');

  // The run's own page.
  await page.getByRole('link', { name: `Run ${result.runId}: HubSpot contacts to Stripe customers` }).click();
  await expect(
    page.getByRole('heading', {
      level: 1,
      name: `Run #${result.runId}: HubSpot contacts to Stripe customers`,
    }),
  ).toBeVisible();
  await expect(page.getByText('48 written, but 1 could not be.')).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline).toContainText('Started by hand.');
  await expect(timeline).toContainText(
    'Page 1: 49 read; 48 created, 0 updated, 0 unchanged, 1 could not be written.',
  );
  await expect(timeline).toContainText('Finished — partly succeeded: 49 read · 48 created · 1 failed.');
  const failed = page.getByRole('list', { name: 'Records that failed' }).getByRole('listitem');
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('Maria Garcia');
  await expect(failed).toContainText('Invalid email address: maria.garcia(at)example.com');
  await expect(failed).toContainText('Needs attention');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}runs-page.png`, fullPage: true });

  // Retrying without fixing the record: it is still failing, and the retry is a run of its own.
  await page.getByRole('button', { name: 'Retry the failed records of this run' }).click();
  await expect(page.getByRole('status')).toContainText('0 records written; 1 still failing.');
  // The record failed again in the retry run, so it is listed there now; this run says where it went.
  await expect(page.getByText('The records that failed here have been retried since')).toBeVisible();
  await page.screenshot({ path: `${artifacts}runs-page-retried.png`, fullPage: true });
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Runs' }).click();
  await expect(rows.filter({ hasText: 'Retry of failed records' })).toContainText('Partly succeeded');
  await expect(page.getByText('Showing 1–2 of 2 runs')).toBeVisible();
});
