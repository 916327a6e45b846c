import type { Page } from '@playwright/test';
import { api, artifacts, hubspot, noSeriousA11yIssues, openView } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

const flowName = 'HubSpot contacts to Stripe customers';

async function runFlow(page: Page) {
  const flows = await api<{ id: string; name: string }[]>(page, 'flows.list');
  return api<{ status: string }>(page, 'flows.run', { id: flows.find((f) => f.name === flowName)!.id });
}

test('with no failures, the view says nothing needs attention and what would appear', async ({
  page,
  served,
}) => {
  await page.goto(served.url);
  await openView(page, 'Failures');
  await expect(page.getByText('Nothing needs attention')).toBeVisible();
  await expect(page.getByText('it appears here with what went wrong and what to do')).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}failures-empty.png`, fullPage: true });
});

test('opened by its address, the Failures view asks for its first page while its code still loads, and says it is loading', async ({
  page,
  served,
}) => {
  await page.goto(served.url);
  let askedForList!: () => void;
  const listAsked = new Promise<void>((resolve) => (askedForList = resolve));
  let answerList!: () => void;
  const listAnswered = new Promise<void>((resolve) => (answerList = resolve));
  await page.route('**/api/failures.list', async (route) => {
    askedForList();
    await listAnswered;
    await route.continue();
  });
  // The view's code is held until its data has been asked for: were the data asked for
  // only by the view itself (after its code), neither would ever come.
  await page.route(/\/failures-view-[^/]*\.js$/, async (route) => {
    await listAsked;
    await route.continue();
  });
  await page.goto(new URL('#/failures', served.url).href);
  await expect(page.getByRole('status').filter({ hasText: 'Loading the failures…' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Failures' })).toBeVisible();
  await page.screenshot({ path: `${artifacts}failures-loading.png`, fullPage: true });
  answerList();
  await expect(page.getByText('Nothing needs attention')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Loading the failures…' })).toHaveCount(0);
});

test("opened by its address, the Failures view's first page is asked for before the app's code has arrived, and that answer is the one shown", async ({
  page,
  served,
}) => {
  await page.goto(served.url);
  let firstAnswered!: () => void;
  const answered = new Promise<void>((resolve) => (firstAnswered = resolve));
  let lists = 0;
  // The first request for the list goes through; any later one never comes back. The
  // view shows its list only if it took the answer asked for early (main.tsx).
  await page.route('**/api/failures.list', async (route) => {
    if (++lists > 1) return;
    const response = await route.fetch();
    await route.fulfill({ response });
    firstAnswered();
  });
  // The app's code (React, the router, the views' table) is held until that answer is
  // back: were the list asked for by the app, neither would ever come.
  await page.route(/\/assets\/app-[^/]*\.js$/, async (route) => {
    await answered;
    await route.continue();
  });
  await page.goto(new URL('#/failures', served.url).href);
  await expect(page.getByText('Nothing needs attention')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Failures' })).toBeVisible();
});

test("the page itself names the app's code, so the browser asks for it before the entry has run", async ({
  page,
  served,
}) => {
  await page.goto(served.url);
  const appAsked = Promise.withResolvers<void>();
  await page.route(/\/assets\/app-[^/]*\.js$/, (route) => {
    appAsked.resolve();
    return route.continue();
  });
  // The entry is held until the app's code has been asked for: were it asked for only
  // by the entry (main.tsx), neither would ever come and the view would never show.
  await page.route(/\/assets\/index-[^/]*\.js$/, (route) => appAsked.promise.then(() => route.continue()));
  await page.goto(new URL('#/failures', served.url).href);
  await expect(page.getByText('Nothing needs attention')).toBeVisible();
});

test('the Failures view draws its first rows without loading zod; a form that checks input loads it', async ({
  page,
  served,
}) => {
  // zod marks the page when it loads (`globalThis.__zod_globalConfig`, zod/v4/core).
  const zodLoaded = () => page.evaluate(() => '__zod_globalConfig' in globalThis);
  await page.goto(new URL('#/failures', served.url).href);
  await expect(page.getByText('Nothing needs attention')).toBeVisible();
  expect(await zodLoaded()).toBe(false);
  // The settings form reads its limits from the contract's schemas: the mark is real.
  await openView(page, 'Settings');
  await expect.poll(zodLoaded).toBe(true);
});

test('a failed record is explained, fixed at the source, retried in one click, and others resolved or ignored with a note', async ({
  page,
  demo,
}) => {
  // Three syncs, six accessibility scans and the demo office's six apps starting: more than 30 s on a loaded machine.
  test.setTimeout(60_000);
  await page.goto(demo.url);
  expect((await runFlow(page)).status).toBe('partial');
  await openView(page, 'Failures');

  const group = page.getByRole('region', { name: `${flowName}: The target app rejected the data` });
  await expect(group).toContainText('What to do: Correct the record where it comes from');
  const maria = group.getByRole('listitem').filter({ hasText: 'Maria Garcia' });
  await expect(maria).toContainText('Stripe rejected this record');
  await expect(maria).toContainText('Invalid email address: maria.garcia(at)example.com');
  await expect(maria).toContainText('Tried once');
  await expect(
    maria.getByRole('definition').filter({ hasText: 'maria.garcia(at)example.com' }),
  ).toBeVisible();
  await expect(page.getByText('1 open failure', { exact: true })).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}failures-list.png`, fullPage: true });

  // Fixed where it lives, then chosen from the keyboard and retried once.
  await hubspot(page, 'PATCH', `/${await sourceIdOf(page, 'Maria')}`, { email: 'maria.garcia@example.com' });
  const checkbox = page.getByRole('checkbox', { name: 'Select Maria Garcia' });
  await checkbox.focus();
  await page.keyboard.press('Space');
  await expect(checkbox).toBeChecked();
  await expect(page.getByRole('group', { name: 'Selected records' })).toContainText('1 selected');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}failures-selected.png`, fullPage: true });
  await page.getByRole('button', { name: 'Retry', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'written' })).toHaveText(
    '1 record written; 0 still failing.',
  );
  await expect(maria).toHaveCount(0);
  await expect(page.getByText('Nothing needs attention')).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}failures-retried.png`, fullPage: true });

  // Two more broken contacts (HubSpot refuses a malformed email itself, so these have none,
  // which the flow's mapping requires): one is ignored, one resolved, each with a note.
  await hubspot(page, 'POST', '', { firstname: 'Bad', lastname: 'Address' });
  await hubspot(page, 'POST', '', { firstname: 'Worse', lastname: 'Address' });
  await runFlow(page);
  await expect(
    page.getByRole('region', { name: `${flowName}: The record did not fit the flow's mapping` }),
  ).toBeVisible();
  await expect(page.getByText('2 open failures', { exact: true })).toBeVisible();
  await page.screenshot({ path: `${artifacts}failures-mapping.png`, fullPage: true });
  await page.getByRole('checkbox', { name: 'Select Bad Address' }).check();
  await page.getByRole('button', { name: 'Ignore…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ignore 1 record' });
  await dialog.getByRole('button', { name: 'Ignore 1 record' }).click();
  await expect(dialog.getByText('Add a note saying why')).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}failures-note-required.png`, fullPage: true });
  await dialog.getByLabel('Note (required)').fill('Test contact, not a customer.');
  await dialog.getByRole('button', { name: 'Ignore 1 record' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'ignored' })).toHaveText('1 record ignored.');
  await expect(page.getByRole('checkbox', { name: 'Select Bad Address' })).toHaveCount(0);

  await page.getByRole('checkbox', { name: 'Select all in this group' }).check();
  await expect(page.getByRole('checkbox', { name: 'Select Worse Address' })).toBeChecked();
  await page.getByRole('button', { name: 'Resolve…' }).click();
  await page.getByLabel('Note (required)').fill('Customer added to Stripe by hand.');
  await page.getByRole('button', { name: 'Resolve 1 record' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'resolved' })).toHaveText('1 record resolved.');
  await expect(page.getByText('Nothing needs attention')).toBeVisible();

  // Closed failures stay findable, with the note.
  await page.getByLabel('Show').selectOption({ label: 'Ignored' });
  const ignored = page.getByRole('listitem').filter({ hasText: 'Bad Address' });
  await expect(ignored).toContainText('Note: Test contact, not a customer.');
  await expect(ignored).toContainText('Ignored');
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}failures-ignored.png`, fullPage: true });
  const failures = await api<{ items: { state: string; note: string | null }[] }>(page, 'failures.list', {
    states: ['resolved'],
  });
  expect(failures.items.map((f) => f.note)).toContain('Customer added to Stripe by hand.');
});

async function sourceIdOf(page: Page, firstname: string): Promise<string> {
  const { items } = await api<{ items: { sourceRecordId: string; payload: { firstname?: string } }[] }>(
    page,
    'failures.list',
  );
  return items.find((f) => f.payload.firstname === firstname)!.sourceRecordId;
}
