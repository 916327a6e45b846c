import { demoFlows } from '../../core/demo/demo-flows.ts';
import { demoApps } from '../../core/demo/seed-demo-workspace.ts';
import {
  api,
  artifacts,
  hubspot,
  noSeriousA11yIssues,
  openView,
  setStripeFaults,
} from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

// The morning an office manager meets Patchbay: the demo workspace, one sync, one bad
// record, fixed where it lives, retried in one click, and the map green again.

const flowName = 'HubSpot contacts to Stripe customers';

test('demo workspace: map → Sync now → progress → failure explained → fixed at the source → Retry → healthy', async ({
  page,
  demo,
}) => {
  // A two-page sync slowed on purpose, five accessibility scans: more than the default 30 s.
  test.setTimeout(120_000);
  // Nothing the page asks for is missing or refused along the way (icons included).
  const refused: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) refused.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(demo.url);
  // A scheduled run starting in the middle would take the "Sync now" this test presses.
  await api(page, 'scheduler.pause');
  // 160 more contacts make the sync two full-ish pages (HubSpot pages 100 at a time), so
  // progress has somewhere to go and each page lasts long enough to be seen.
  for (let i = 1; i <= 160; i++)
    await hubspot(page, 'POST', '', {
      firstname: 'Walk-in',
      lastname: `Customer ${i}`,
      email: `walk-in-${i}@example.com`,
    });

  // The map shows the apps and the flows between them.
  await openView(page, 'Map');
  const map = page.getByRole('application', { name: 'Data-flow map' });
  for (const name of demoApps.map((a) => a.name))
    await expect(map.getByRole('group', { name: new RegExp(`^${name}, `) })).toBeVisible();
  await expect(map.locator('.react-flow__edge')).toHaveCount(demoFlows.length);
  const edge = map.getByRole('group', { name: /^contacts → customers, from HubSpot to Stripe/ });
  await expect(edge).toHaveAccessibleName(/: Never run$/);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}journey-1-map.png`, fullPage: true });

  // "Sync now" from the flow's details; Stripe answers slowly so the progress can be watched.
  // A straight line has no height to click on; its label opens the same details.
  await map.locator('.map-flow-label', { hasText: 'contacts → customers' }).click();
  const panel = page.getByRole('complementary', { name: flowName });
  await setStripeFaults(page, { slow: { probability: 1, ms: 40, writesOnly: true } });
  await panel.getByRole('button', { name: 'Sync now' }).click();
  // Progress moves: starting (Stripe is slow on the first page of 100) → page 1 written → all 209 read.
  const progress = panel.getByRole('status');
  await expect(progress).toContainText('Syncing now: starting');
  await expect(map.locator('.react-flow__edge.animated')).toHaveCount(1);
  await page.screenshot({ path: `${artifacts}journey-2-progress.png`, fullPage: true });
  await expect(progress).toContainText(/Syncing now, page 1: 100 read, 99 written/, { timeout: 30_000 });
  await setStripeFaults(page, {});

  // The run ends with one record Stripe refused; the line turns red.
  await expect(progress).toContainText('Finished with problems', { timeout: 30_000 });
  await expect(progress).toContainText('209 read, 208 written, 1 could not be written');
  await expect(edge).toHaveAccessibleName(/: Failing$/);
  await page.screenshot({ path: `${artifacts}journey-3-failing.png`, fullPage: true });

  // The failure, with what went wrong and what to do about it.
  await panel.getByRole('link', { name: 'See the failures' }).click();
  await expect(page.getByRole('heading', { name: 'Failures', level: 1 })).toBeVisible();
  const group = page.getByRole('region', { name: `${flowName}: The target app rejected the data` });
  await expect(group).toContainText('What to do: Correct the record where it comes from');
  const maria = group.getByRole('listitem').filter({ hasText: 'Maria Garcia' });
  await expect(maria).toContainText('Stripe rejected this record');
  await expect(maria).toContainText('Invalid email address: maria.garcia(at)example.com');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}journey-4-failure.png`, fullPage: true });

  // Fixed in HubSpot itself, through its API, as the office would in HubSpot's own screens.
  const { items } = await api<{ items: { sourceRecordId: string; payload: { firstname?: string } }[] }>(
    page,
    'failures.list',
  );
  expect(items).toHaveLength(1);
  await hubspot(page, 'PATCH', `/${items[0]!.sourceRecordId}`, { email: 'maria.garcia@example.com' });

  // One click on the record's own Retry.
  await maria.getByRole('button', { name: 'Retry Maria Garcia', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'written' })).toHaveText(
    '1 record written; 0 still failing.',
  );
  await expect(page.getByText('Nothing needs attention')).toBeVisible();
  const resolved = await api<{ total: number }>(page, 'failures.list', { states: ['resolved'] });
  expect(resolved.total).toBe(1);
  await page.screenshot({ path: `${artifacts}journey-5-retried.png`, fullPage: true });

  // Back on the map, the line is healthy again.
  await openView(page, 'Map');
  await expect(edge).toHaveAccessibleName(/: Working$/);
  await expect(map.locator('.map-flow-label', { hasText: 'contacts → customers' })).toContainText('Working');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}journey-6-healthy.png`, fullPage: true });
  expect(refused).toEqual([]);
});

test('a new user’s first start: within a minute the demo has synced once, and every view shows it', async ({
  page,
  firstStart,
}) => {
  // The first sync may take most of the minute on a busy machine.
  test.setTimeout(90_000);
  await page.goto(firstStart.url);
  const health = page.getByRole('region', { name: 'Is everything syncing?' });
  await expect(health).toContainText(`1 flow needs attention: ${flowName}`, { timeout: 60_000 });
  await page.screenshot({ path: `${artifacts}first-start-dashboard.png`, fullPage: true });
  await openView(page, 'Runs');
  await expect(page.getByRole('link', { name: `Run 1: ${flowName}` })).toBeVisible();
  await openView(page, 'Failures');
  await expect(page.getByRole('listitem').filter({ hasText: 'Maria Garcia' })).toContainText(
    'Stripe rejected this record',
  );
  await openView(page, 'Map');
  await expect(
    page.getByRole('group', { name: /^contacts → customers, from HubSpot to Stripe: Failing$/ }),
  ).toHaveCount(1);
});
