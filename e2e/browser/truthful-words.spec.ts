import type { Page } from '@playwright/test';
import {
  api,
  artifacts,
  hubspot,
  noSeriousA11yIssues,
  openView,
  planFlowOnPaper,
} from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

// Issue 14, items 2, 3, 6 and 11: what the control centre says is true, and it asks
// before it destroys.

const demoFlow = 'HubSpot contacts to Stripe customers';
const appId = async (page: Page, name: string) =>
  (await api<{ id: string; name: string }[]>(page, 'apps.list')).find((a) => a.name === name)!.id;

test('a dry run looks the customers up in Stripe: a changed one is an update with its diff, an unknown field would fail', async ({
  page,
  demo,
}) => {
  // A real first sync of the demo contacts under Stripe's rate limit.
  test.setTimeout(90_000);
  await page.goto(demo.url);
  await api(page, 'flows.run', { id: demoFlow });
  await hubspot(page, 'PATCH', '/1', { firstname: 'Maria' });

  await openView(page, 'Flows');
  const card = page.getByRole('article', { name: demoFlow, exact: true });
  await card.getByRole('button', { name: 'Dry run' }).click();
  const dialog = page.getByRole('dialog', { name: `Dry run of ${demoFlow}` });
  await expect(dialog.getByRole('status')).toContainText('1 to update');
  const changes = dialog.getByRole('list', { name: 'Changes to record 1' });
  await expect(changes).toContainText('name');
  await expect(changes).toContainText('→ Maria');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}dry-run-diff.png`, fullPage: true });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // A mapping into a field Stripe does not have: every record would fail, before any run.
  const flow = await api<Record<string, unknown> & { id: string; mapping: object[] }>(page, 'flows.get', {
    id: demoFlow,
  });
  const fields = [
    'name',
    'sourceAppId',
    'sourceEntity',
    'targetAppId',
    'targetEntity',
    'matchKey',
    'writeMode',
  ];
  const input = Object.fromEntries(fields.map((field) => [field, flow[field]]));
  const id = flow.id;
  await api(page, 'flows.update', {
    id,
    flow: { ...input, mapping: [...flow.mapping, { target: 'favourite_colour', constant: 'blue' }] },
  });
  await api(page, 'flows.moveCursor', { id, to: { reset: true } });
  await card.getByRole('button', { name: 'Dry run' }).click();
  await expect(dialog.getByRole('status')).toContainText('0 to create, 0 to update');
  await expect(dialog.getByText('Stripe customers has no field favourite_colour.').first()).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}dry-run-unknown-field.png`, fullPage: true });
});

test('the editor offers the apps’ fields and a mistyped source field is flagged, not "all mapped"', async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  await openView(page, 'Flows');
  await page.getByRole('link', { name: 'Create a flow' }).click();
  await page.getByLabel('Name').fill('Mistyped');
  await page.getByLabel('Copy from app').selectOption({ label: 'HubSpot' });
  await page.getByLabel('Records to read').selectOption({ label: 'Contacts' });
  await page.getByLabel('Copy to app').selectOption({ label: 'Stripe' });
  await page.getByLabel('Records to write').selectOption({ label: 'Customers' });

  const first = page.getByRole('group', { name: /^Field 1/ });
  const target = first.getByLabel('Field in Stripe customers');
  const source = first.getByLabel('Source field');
  // Both offer the connector's fields while typing (a datalist: the browser's own keyboard-ready list).
  await expect(target).toHaveAttribute('list', 'target-fields');
  await expect(source).toHaveAttribute('list', 'source-fields');
  expect(
    await page
      .locator('#target-fields option')
      .evaluateAll((o) => o.map((e) => (e as unknown as { value: string }).value)),
  ).toEqual(['email', 'name', 'phone', 'description', 'metadata']);
  expect(
    await page
      .locator('#source-fields option')
      .evaluateAll((o) => o.map((e) => (e as unknown as { value: string }).value)),
  ).toContain('firstname');

  await target.fill('email');
  await source.fill('emial');
  await page.getByRole('button', { name: 'Add a field' }).click();
  const second = page.getByRole('group', { name: /^Field 2/ });
  await second.getByLabel('Field in Stripe customers').fill('favourite_colour');
  await second.getByLabel('Filled from').selectOption('constant');
  await second.getByLabel('Fixed value').fill('blue');
  // The target's fields are known at once: the warning sits beside the field, read with it.
  await expect(second.getByLabel('Field in Stripe customers')).toHaveAccessibleDescription(
    /Stripe customers has no field favourite_colour/,
  );

  await page.getByRole('button', { name: 'Preview with sample records' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('status')).toContainText('but 2 fields need a look');
  await expect(preview.getByRole('status')).not.toContainText('all mapped');
  await expect(preview.getByRole('list', { name: 'Fields to check' })).toContainText(
    '“emial” is not a field of HubSpot contacts',
  );
  await expect(source).toHaveAccessibleDescription(/Did you mean “email”\?/);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}flows-editor-unknown-fields.png`, fullPage: true });
});

test('the dashboard counts every flow, waits for setup where it must, and does not call a refused key syncing', async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  const planned = await planFlowOnPaper(page);
  await page.reload();
  const health = page.getByRole('region', { name: 'Is everything syncing?' });
  // Eight flows: the seven demo flows have not run; the planned one has no connector to run through.
  await expect(health).toContainText(
    'None of your 8 flows is syncing yet: 7 have not run yet, 1 is waiting for setup',
  );
  const waiting = health.getByRole('region', { name: 'Waiting for setup' });
  await expect(waiting).toContainText(planned.flowName);
  await expect(waiting).toContainText('QuickBooks is in the inventory only');
  await expect(health).not.toContainText('switched off by hand');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}dashboard-waiting-for-setup.png`, fullPage: true });

  // Stripe refuses a new key: the flow into it needs attention, whatever its last run did.
  const stripe = await appId(page, 'Stripe');
  await api(page, 'secrets.set', { appId: stripe, value: 'sk_test_refused_by_stripe' });
  await api(page, 'credentials.test', { appId: stripe });
  await page.reload();
  await expect(health).toContainText(`1 flow needs attention: ${demoFlow}`);
  await expect(health).toContainText('Stripe refused the key');
  const attention = page.getByRole('region', { name: 'Connections needing attention' });
  await expect(attention).toContainText('Stripe');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}dashboard-refused-key.png`, fullPage: true });

  // The flows list says why Sync now is off for a flow that waits for setup, in words it reads out.
  await openView(page, 'Flows');
  const paper = page.getByRole('article', { name: planned.flowName, exact: true });
  await expect(paper.getByRole('button', { name: 'Sync now' })).toBeDisabled();
  await expect(paper.getByRole('button', { name: 'Sync now' })).toHaveAccessibleDescription(
    'Connect QuickBooks first (Apps → QuickBooks).',
  );
  await expect(paper.getByRole('button', { name: 'Dry run' })).toHaveAccessibleDescription(
    'Connect QuickBooks first (Apps → QuickBooks).',
  );
});

test('while the keychain cannot be read, the dashboard says so instead of "every app answers"', async ({
  page,
  demo,
}) => {
  // The answer browser mode gives when the keychain is locked or gone (503, "unavailable"):
  // the page must not read a failed request as "no problems".
  await page.route('**/api/credentials.list', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({
        ok: false,
        error: {
          kind: 'unavailable',
          message:
            'Patchbay cannot reach the system keychain, so it cannot save or read credentials (locked).',
        },
      }),
    }),
  );
  await page.goto(demo.url);
  const attention = page.getByRole('region', { name: 'Connections needing attention' });
  await expect(attention).toContainText('Patchbay cannot tell whether your apps accept their credentials');
  await expect(attention).toContainText('cannot reach the system keychain');
  await expect(attention).not.toContainText('No app needs you');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}dashboard-keychain-locked.png`, fullPage: true });
});

test('forgetting a credential asks first; deleting an app names the flows that use it before anyone confirms', async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  await openView(page, 'Apps');
  await page.getByRole('button', { name: 'Delete HubSpot' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete HubSpot?' });
  await expect(confirm).toContainText('HubSpot cannot be deleted yet: 2 flows use it.');
  await expect(confirm.getByRole('link', { name: demoFlow })).toBeVisible();
  await expect(confirm.getByRole('link', { name: 'Shop customers into HubSpot' })).toBeVisible();
  const remove = confirm.getByRole('button', { name: 'Delete HubSpot' });
  await expect(remove).toBeDisabled();
  await expect(remove).toHaveAccessibleDescription(/2 flows use it/);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}apps-delete-used.png`, fullPage: true });
  await confirm.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('link', { name: 'HubSpot', exact: true }).click();
  await page.getByRole('button', { name: 'Forget credential' }).click();
  const ask = page.getByRole('dialog', { name: "Forget HubSpot's credential?" });
  await expect(ask).toContainText('flows to or from HubSpot stop until you save a new one');
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}credential-forget-confirm.png`, fullPage: true });
  await ask.getByRole('button', { name: 'Cancel' }).click();
  const hubspotId = await appId(page, 'HubSpot');
  const saved = async () =>
    (await api<{ appId: string; hasSecret: boolean }[]>(page, 'credentials.list')).find(
      (c) => c.appId === hubspotId,
    )!.hasSecret;
  expect(await saved()).toBe(true);

  await page.getByRole('button', { name: 'Forget credential' }).click();
  await ask.getByRole('button', { name: 'Forget credential' }).click();
  await expect(ask).toHaveCount(0);
  await expect(
    page.getByRole('status').filter({ hasText: 'The saved credential was removed.' }),
  ).toBeVisible();
  expect(await saved()).toBe(false);
});
