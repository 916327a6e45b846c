import { api, artifacts, hubspot, noSeriousA11yIssues, openView } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

const demoFlow = 'HubSpot contacts to Stripe customers';

// Issue 11, item 3: a contact archived in HubSpot is "deleted at source" in plain words on
// the run page and in Find a record, and the flow says what becomes of its copy.
test('a contact archived at the source shows as deleted at source, and the flow offers what to do with its copy', async ({
  page,
  demo,
}) => {
  test.setTimeout(120_000);
  await page.goto(demo.url);
  const flows = await api<{ id: string; name: string }[]>(page, 'flows.list');
  const flow = flows.find((f) => f.name === demoFlow)!;
  await api(page, 'flows.run', { id: flow.id });
  await hubspot(page, 'DELETE', '/7');
  const second = await api<{ runId: number; counts: { deleted?: number } }>(page, 'flows.run', {
    id: flow.id,
  });
  expect(second.counts.deleted).toBe(1);

  await page.goto(`${demo.url}#/runs/${second.runId}`);
  const card = page.getByRole('term').filter({ hasText: 'Deleted at source' });
  await expect(card).toBeVisible();
  await expect(page.getByText('1 was deleted at the source and not copied again.')).toBeVisible();
  await expect(page.getByText(/1 deleted at source/).first()).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}run-deleted-at-source.png`, fullPage: true });

  await openView(page, 'Find a record');
  await page.getByLabel('Email, order number or record id').fill('contact7@example.com');
  await page.keyboard.press('Enter');
  const found = page.getByRole('article', { name: `contact7@example.com in ${demoFlow}`, exact: true });
  const rows = found
    .getByRole('table', { name: 'Runs that read this record, newest first' })
    .getByRole('row');
  await expect(rows.nth(1)).toContainText('Deleted at source');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}find-record-deleted-at-source.png`, fullPage: true });

  // The flow's own choice: keep the copy (the default), or delete or archive it too.
  await page.goto(`${demo.url}#/flows/${flow.id}/edit`);
  const choice = page.getByRole('group', { name: 'When a record is deleted in the app it comes from' });
  await expect(choice.getByRole('radio', { name: 'Keep its copy in Stripe customers' })).toBeChecked();
  await choice.getByRole('radio', { name: 'Delete or archive its copy in Stripe customers too' }).check();
  await noSeriousA11yIssues(page);
  await choice.screenshot({ path: `${artifacts}flow-deleted-at-source-choice.png` });
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect
    .poll(
      async () =>
        (await api<{ id: string; deletedAtSource?: string }[]>(page, 'flows.list')).find(
          (f) => f.id === flow.id,
        )?.deletedAtSource,
    )
    .toBe('remove');

  // Shopify's connector declares no deletions for customers: nothing to choose, and nothing said about it.
  const shop = flows.find((f) => f.name === 'Shop customers into HubSpot')!;
  await page.goto(`${demo.url}#/flows/${shop.id}/edit`);
  await expect(page.getByRole('group', { name: 'Matching and writing' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Create new records and update/ })).toBeVisible();
  await expect(page.getByText('When a record is deleted in the app it comes from')).toHaveCount(0);
  await page.screenshot({ path: `${artifacts}flow-editor-no-deletions.png`, fullPage: true });
});
