import { join } from 'node:path';
import { databaseFileName } from '../../core/host/open-core.ts';
import {
  createFailingFlow,
  failingFlowName as flowName,
  fillFailures,
  manyFailuresWords,
} from '../../core/testing/many-failures.ts';
import { api, artifacts, noSeriousA11yIssues } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

test('a page of 100 failures is drawn whole: every row can be reached by scrolling and from the keyboard, and the count is exact', async ({
  page,
  served,
}) => {
  // An accessibility scan of a page of 100 rows, and two pages drawn: near 30 s on a loaded machine.
  test.setTimeout(60_000);
  await page.goto(served.url);
  const flowId = await createFailingFlow((method, input) => api(page, method, input));
  // 150 failures: of any 100 in a row, 70 rejected records with a message each, 20 that
  // did not fit the mapping and 10 waiting to retry, each of those two kinds one folded row.
  fillFailures(join(served.workspaceDir, databaseFileName), flowId, 150);

  await page.goto(new URL('#/failures', served.url).href);
  await expect(page.getByText('150 open failures · this page shows 1–100')).toBeVisible();
  const rejected = page.getByRole('region', { name: `${flowName}: The target app rejected the data` });
  // The first screenful is drawn first; the rest of the page follows, all of it.
  await expect(rejected.getByRole('listitem')).toHaveCount(70);
  await expect(rejected.getByText('Select all in this group (70 on this page)')).toBeVisible();
  const mapping = page.getByRole('region', {
    name: `${flowName}: The record did not fit the flow's mapping`,
  });
  await expect(mapping.getByRole('listitem').filter({ hasText: manyFailuresWords.mapping })).toContainText(
    '20 records failed with this error',
  );
  const waiting = page.getByRole('region', { name: `${flowName}: The app asked Patchbay to slow down` });
  await expect(waiting.getByRole('listitem').filter({ hasText: manyFailuresWords.rateLimit })).toContainText(
    '10 records failed with this error',
  );
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}failures-page-of-100.png` });

  // The end of the page, scrolled to with the keyboard: the pager is there.
  await page.keyboard.press('End');
  const next = page.getByRole('button', { name: 'Next page' });
  await expect(next).toBeInViewport();
  await expect(page.getByText('Showing 1–100 of 150 open failures')).toBeInViewport();
  await page.screenshot({ path: `${artifacts}failures-page-of-100-end.png` });

  // The newest failures come first: the page's last rejected record is the 53rd, drawn
  // after the first screenful. It is chosen from the keyboard, and Tab goes on through its buttons.
  const lastRecord = page.getByRole('checkbox', { name: 'Select First53 Last53' });
  await lastRecord.focus();
  await page.keyboard.press('Space');
  await expect(lastRecord).toBeChecked();
  await expect(page.getByRole('group', { name: 'Selected records' })).toContainText('1 selected');
  for (const name of [
    'Retry First53 Last53',
    'Edit and retry First53 Last53',
    'Assign or note First53 Last53',
  ]) {
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name, exact: true })).toBeFocused();
  }
  // After the page's last row (the folded one) comes the pager; "Previous page" is disabled on the first page.
  await page.getByRole('button', { name: 'Show 20 records' }).focus();
  await page.keyboard.press('Tab');
  await expect(next).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('150 open failures · this page shows 101–150')).toBeVisible();
  await expect(rejected.getByRole('listitem')).toHaveCount(35);
  await expect(page.getByRole('checkbox', { name: /^Select First/ })).toHaveCount(35);
});
