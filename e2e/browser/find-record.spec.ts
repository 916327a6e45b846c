import type { Page } from '@playwright/test';
import { api, artifacts, hubspot, noSeriousA11yIssues, openView } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

const demoFlow = 'HubSpot contacts to Stripe customers';
const card = (page: Page, name: string) => page.getByRole('article', { name, exact: true });

interface Found {
  records: { sourceRecordId: string; runs: { outcome: string; trigger: string }[] }[];
}

// Issue 14, item 16: "what happened to maria@example.com?", answered from the history.
test('finds a record by its email: every run that read it, what each did, and its failure', async ({
  page,
  firstStart,
}) => {
  test.setTimeout(120_000);
  await page.goto(firstStart.url);
  // The demo's first sync (started by the demo itself) leaves Maria's broken email behind.
  await expect
    .poll(
      async () =>
        (await api<Found>(page, 'runs.findRecord', { query: 'maria.garcia(at)example.com' })).records,
      {
        timeout: 30_000,
      },
    )
    .toEqual([
      expect.objectContaining({
        runs: [expect.objectContaining({ outcome: 'failed', trigger: 'first-start' })],
      }),
    ]);

  await openView(page, 'Find a record');
  await expect(page.getByRole('heading', { level: 1, name: 'Find a record' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Find' })).toBeDisabled();
  await page.getByLabel('Email, order number or record id').fill('maria.garcia(at)example.com');
  await page.keyboard.press('Enter');
  const maria = card(page, `maria.garcia(at)example.com in ${demoFlow}`);
  await expect(page.getByRole('status').filter({ hasText: 'One record matches' })).toBeVisible();
  const rows = maria
    .getByRole('table', { name: 'Runs that read this record, newest first' })
    .getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('First sync of the demo');
  await expect(rows.nth(1)).toContainText('Failed');
  await expect(maria).toContainText('not in Stripe yet');
  await expect(maria.getByRole('listitem')).toContainText('Needs attention:');
  await expect(maria.getByRole('link', { name: 'Open in Failures' })).toBeVisible();
  expect(page.url()).toContain('q=maria.garcia');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}find-record-failed.png`, fullPage: true });

  // Fixed in HubSpot, then Sync now: the same record, created this time, its failure resolved.
  const id = (await api<Found>(page, 'runs.findRecord', { query: 'maria.garcia(at)example.com' })).records[0]!
    .sourceRecordId;
  await hubspot(page, 'PATCH', `/${id}`, { email: 'maria.garcia@example.com' });
  await openView(page, 'Flows');
  const flow = card(page, demoFlow);
  await flow.getByRole('button', { name: 'Sync now' }).click();
  await expect(flow.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 30_000 });

  await openView(page, 'Find a record');
  await page.getByLabel('Email, order number or record id').fill('MARIA.GARCIA@example.com');
  await page.getByRole('button', { name: 'Find' }).click();
  const fixed = card(page, `maria.garcia@example.com in ${demoFlow}`);
  await expect(fixed.getByRole('row')).toHaveCount(3);
  await expect(fixed.getByRole('row').nth(1)).toContainText('Sync now, in the control centre');
  await expect(fixed.getByRole('row').nth(1)).toContainText('Created');
  await expect(fixed.getByRole('row').nth(2)).toContainText('Failed');
  await expect(fixed).toContainText(/id in Stripe: cus_/);
  await expect(fixed.getByRole('listitem')).toContainText('Resolved:');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}find-record-fixed.png`, fullPage: true });

  // A run number leads to that run's page.
  await fixed
    .getByRole('link', { name: /^Run \d+$/ })
    .first()
    .click();
  await expect(
    page.getByRole('heading', { level: 1, name: new RegExp(`^Run #\\d+: ${demoFlow}$`) }),
  ).toBeVisible();

  // Nothing found says so, and how to look again.
  await openView(page, 'Find a record');
  await page.getByLabel('Email, order number or record id').fill('nobody@example.com');
  await page.keyboard.press('Enter');
  await expect(page.getByText('No record matches “nobody@example.com”')).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}find-record-none.png`, fullPage: true });
});
