import {
  api,
  appBaseUrl,
  artifacts,
  noSeriousA11yIssues,
  openView,
  runDemoFlow,
} from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

test("a failed record opens at its source: the contact's page in (the simulated) HubSpot, in a new tab", async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  await runDemoFlow(page);
  await openView(page, 'Failures');

  const maria = page.getByRole('listitem').filter({ hasText: 'Maria Garcia' });
  const link = maria.getByRole('link', { name: 'Open in HubSpot (opens in the browser)' });
  const { items } = await api<{ items: { sourceRecordId: string }[] }>(page, 'failures.list');
  const hubspot = await appBaseUrl(page, 'HubSpot');
  await expect(link).toHaveAttribute(
    'href',
    `${hubspot}/contacts/4410021/record/0-1/${items[0]!.sourceRecordId}`,
  );
  await expect(link).toHaveAttribute('target', '_blank');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}record-link.png`, fullPage: true });

  const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await expect(tab.getByRole('heading', { name: 'Maria Garcia' })).toBeVisible();
  await expect(tab.getByLabel('email')).toHaveValue('maria.garcia(at)example.com');
  await tab.screenshot({ path: `${artifacts}record-link-hubspot-page.png`, fullPage: true });
  // The Patchbay tab stays where it was.
  await expect(page.getByRole('heading', { name: 'Failures', level: 1 })).toBeVisible();
});
