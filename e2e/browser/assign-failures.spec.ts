import {
  api,
  artifacts,
  hubspot,
  noSeriousA11yIssues,
  openView,
  runDemoFlow,
} from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

test('failures are assigned to people (names from Settings offered), noted, and the list filtered by person', async ({
  page,
  demo,
}) => {
  // A sync, accessibility scans and the demo office's six apps starting: more than 30 s on a loaded machine.
  test.setTimeout(60_000);
  await page.goto(demo.url);
  // The office keeps a list of who handles failed records.
  await openView(page, 'Settings');
  await page.getByLabel('People who handle failed records').fill('Tom Jones\nPriya Shah');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(/^Settings saved at/)).toBeVisible();

  await hubspot(page, 'POST', '', { firstname: 'Bad', lastname: 'Address' });
  await runDemoFlow(page);
  await openView(page, 'Failures');
  await expect(page.getByText('2 open failures', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Assign or note Maria Garcia' }).click();
  const dialog = page.getByRole('dialog', { name: 'Assign or note 1 record' });
  // The names offered while typing: the Settings list.
  const offered = () =>
    dialog.locator('#assign-people option').evaluateAll((o) => o.map((e) => e.getAttribute('value')));
  await expect.poll(offered).toEqual(['Tom Jones', 'Priya Shah']);
  await dialog.getByLabel('Assigned to').fill('Priya Shah');
  await dialog.getByLabel('Note').fill('Asked Maria for her real email address.');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}assign-dialog.png`, fullPage: true });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'assigned' })).toHaveText(
    '1 record assigned to Priya Shah.',
  );
  const maria = page.getByRole('listitem').filter({ hasText: 'Maria Garcia' });
  await expect(maria).toContainText('Assigned to Priya Shah');
  await expect(maria).toContainText('Note: Asked Maria for her real email address.');

  // Only Priya's records, then only those handed to nobody.
  await page.getByLabel('Assigned to').selectOption({ label: 'Priya Shah' });
  await expect(page.getByText('1 open failure', { exact: true })).toBeVisible();
  await expect(maria).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Bad Address' })).toHaveCount(0);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}assign-filtered.png`, fullPage: true });
  await page.getByLabel('Assigned to').selectOption({ label: 'Nobody' });
  await expect(page.getByRole('listitem').filter({ hasText: 'Bad Address' })).toBeVisible();
  await expect(maria).toHaveCount(0);

  const log = await api<{ items: { action: string; details: string[] }[] }>(page, 'audit.list', {
    kind: 'failures',
  });
  expect(log.items.map((e) => e.action)).toEqual(['failures.note', 'failures.assign']);
  expect(log.items[1]!.details).toEqual(['assignee: Priya Shah']);
});
