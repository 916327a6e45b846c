import { demoCredentials } from '../../core/demo/demo-apps.ts';
import { demoCustomers, demoOrders } from '../../core/demo/demo-people.ts';
import {
  api,
  askApp,
  appBaseUrl,
  artifacts,
  noSeriousA11yIssues,
  openView,
} from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

// The demo as a small office: the shop feeds the CRM, the newsletter, the helpdesk and the
// sales pipeline; the CRM feeds billing. Three of the shop's flows run and their records
// land in the other apps; the one bad contact is fixed on its page in HubSpot and retried.

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

test('the office syncs: three shop flows land their records, and a bad contact is fixed at its source', async ({
  page,
  demo,
}) => {
  test.setTimeout(150_000);
  await page.goto(demo.url);
  await api(page, 'scheduler.pause');
  const shopper = demoCustomers[0]!;

  // The whole office on the map.
  await openView(page, 'Map');
  const map = page.getByRole('application', { name: 'Data-flow map' });
  for (const name of [
    'HubSpot',
    'Stripe',
    'Shopify',
    'Mailchimp',
    'Zendesk',
    'Pipedrive',
    'Xero',
    'Google Sheets',
  ])
    await expect(map.getByRole('group', { name: new RegExp(`^${name}, `) })).toBeVisible();
  await expect(
    map.getByRole('group', { name: /^customers → members, from Shopify to Mailchimp: Never run$/ }),
  ).toHaveCount(1);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}office-map.png`, fullPage: true });

  // Sync now from the map: the shop's customers to the newsletter.
  await map.locator('.map-flow-label', { hasText: 'customers → members' }).click();
  const panel = page.getByRole('complementary', { name: 'Shop customers to the newsletter' });
  await panel.getByRole('button', { name: 'Sync now' }).click();
  await expect(panel.getByRole('status')).toContainText('Finished', { timeout: 60_000 });
  await expect(panel.getByRole('status')).toContainText(`${demoCustomers.length} written`);

  // The other two as the schedule would run them.
  const flows = await api<{ id: string; name: string }[]>(page, 'flows.list');
  const run = (name: string) =>
    api<{ counts: { created: number; failed: number } }>(page, 'flows.run', {
      id: flows.find((f) => f.name === name)!.id,
    });
  expect((await run('Shop customers to the helpdesk')).counts).toMatchObject({
    created: demoCustomers.length,
    failed: 0,
  });
  expect((await run('Shop orders to the sales pipeline')).counts).toMatchObject({
    created: demoOrders.length,
    failed: 0,
  });

  // The records are in the apps themselves.
  const mailchimp = await appBaseUrl(page, 'Mailchimp');
  const members = await askApp(page, `${mailchimp}/lists/b7c1e2d3f4/members?count=1000`, {
    authorization: basic('patchbay', demoCredentials.mailchimp),
  });
  expect((members.members as { email_address: string }[]).map((m) => m.email_address)).toContain(
    shopper.email,
  );
  const zendesk = await appBaseUrl(page, 'Zendesk');
  const users = await askApp(page, `${zendesk}/api/v2/users/search.json?query=email:${shopper.email}`, {
    authorization: basic('help@corner-shop.example/token', demoCredentials.zendesk),
  });
  expect(users.users).toEqual([
    expect.objectContaining({ name: `${shopper.first_name} ${shopper.last_name}` }),
  ]);
  const pipedrive = await appBaseUrl(page, 'Pipedrive');
  const deals = await askApp(page, `${pipedrive}/api/v2/deals?limit=500`, {
    'x-api-token': demoCredentials.pipedrive,
  });
  expect(
    (deals.data as { title: string; status: string }[]).filter((d) => d.title.startsWith('Shop order #')),
  ).toHaveLength(demoOrders.length);

  // The run's own page says what happened.
  await openView(page, 'Runs');
  await page.getByRole('link', { name: /^Run \d+: Shop customers to the newsletter$/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Shop customers to the newsletter');
  await expect(page.getByRole('main')).toContainText(`${demoCustomers.length} created`);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}office-run-page.png`, fullPage: true });

  // Billing refuses one contact; it is fixed on its page in HubSpot and retried.
  expect((await run('HubSpot contacts to Stripe customers')).counts.failed).toBe(1);
  await openView(page, 'Failures');
  const maria = page.getByRole('listitem').filter({ hasText: 'Maria Garcia' });
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    maria.getByRole('link', { name: 'Open in HubSpot (opens in the browser)' }).click(),
  ]);
  await tab.getByLabel('email').fill('maria.garcia@example.com');
  await tab.getByRole('button', { name: 'Save' }).click();
  await expect(tab.getByRole('status')).toHaveText('Saved.');
  await expect(tab.getByLabel('email')).toHaveValue('maria.garcia@example.com');
  await tab.screenshot({ path: `${artifacts}office-hubspot-fixed.png`, fullPage: true });
  await tab.close();
  await maria.getByRole('button', { name: 'Retry Maria Garcia', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'written' })).toHaveText(
    '1 record written; 0 still failing.',
  );
  await expect(page.getByText('Nothing needs attention')).toBeVisible();
});

test('Add app offers every connector by kind of app, and tests the connection before saving', async ({
  page,
  demo,
}) => {
  // Three axe passes and two connection tests, on a loaded machine.
  test.setTimeout(90_000);
  await page.goto(demo.url);
  await openView(page, 'Apps');
  const before = await api<unknown[]>(page, 'apps.list');
  await page.getByRole('button', { name: 'Add app' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add an app' });
  const group = (name: string) => dialog.getByRole('group', { name, exact: true });
  await expect(group('CRM').getByRole('radio')).toHaveCount(2);
  for (const [category, connector] of [
    ['CRM', 'HubSpot'],
    ['CRM', 'Pipedrive'],
    ['Billing', 'Stripe'],
    ['Shop', 'Shopify'],
    ['Mailing list', 'Mailchimp'],
    ['Helpdesk', 'Zendesk Support'],
    ['Files', 'Folder of spreadsheets'],
  ] as const)
    await expect(group(category).getByRole('radio', { name: connector, exact: true })).toBeVisible();
  const stripe = group('Billing').getByRole('radio', { name: 'Stripe', exact: true });
  await expect(stripe).toHaveAccessibleDescription('Needs its API key or token');
  await expect(group('Database').getByRole('radio')).not.toHaveCount(0);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}office-add-app.png` });

  // Stripe, pointed at the demo's simulated one; a mistyped key is refused before anything is saved.
  await stripe.check();
  await expect(dialog.getByLabel('Category')).toHaveValue('billing');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Stripe (shop)');
  await dialog.getByLabel('Address').fill(await appBaseUrl(page, 'Stripe'));
  await dialog.getByLabel('API key or token').fill('sk_test_mistyped');
  await dialog.getByRole('button', { name: 'Test the connection' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Stripe (shop) refused the key');
  await dialog.getByLabel('API key or token').fill(demoCredentials.stripe);
  await dialog.getByRole('button', { name: 'Test the connection' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Connected' })).toHaveText(
    'Connected to Stripe (shop).',
  );
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}office-add-app-tested.png` });
  // Testing kept nothing: the app is not there until it is saved.
  expect(await api<unknown[]>(page, 'apps.list')).toHaveLength(before.length);
  await dialog.getByRole('button', { name: 'Save app' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await api<unknown[]>(page, 'apps.list')).toHaveLength(before.length + 1);
});
