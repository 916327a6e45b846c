import type { Page } from '@playwright/test';
import { api, artifacts, noSeriousA11yIssues, openView } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

async function openApps(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await openView(page, 'Apps');
  await expect(page.getByRole('heading', { name: 'Apps', level: 1 })).toBeVisible();
}

async function addApp(
  page: Page,
  app: { name: string; vendor?: string; category?: string; entity?: string; sor?: boolean },
) {
  await page.getByRole('button', { name: 'Add app' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add an app' });
  await dialog.getByLabel('Name').fill(app.name);
  if (app.vendor) await dialog.getByLabel('Vendor').fill(app.vendor);
  if (app.category) await dialog.getByLabel('Category').selectOption({ label: app.category });
  if (app.entity) {
    await dialog.getByRole('button', { name: 'Add entity' }).click();
    await dialog.getByLabel('Entity name').last().fill(app.entity);
    if (app.sor) await dialog.getByLabel('System of record').last().check();
  }
  await dialog.getByRole('button', { name: 'Save app' }).click();
  return dialog;
}

test('adds an app to the inventory and still lists it after a reload', async ({ page, served }) => {
  await page.goto(served.url);
  await page.screenshot({ path: `${artifacts}dashboard.png`, fullPage: true });
  await openApps(page, served.url);
  await expect(page.getByText('No apps yet')).toBeVisible();
  await page.screenshot({ path: `${artifacts}apps-empty.png`, fullPage: true });

  const dialog = await addApp(page, {
    name: 'HubSpot',
    vendor: 'HubSpot Inc.',
    category: 'CRM',
    entity: 'Contacts',
    sor: true,
  });
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /HubSpot/ });
  await expect(row.getByRole('rowheader')).toHaveText('HubSpotHubSpot Inc.');
  await expect(row).toContainText('CRM');
  await expect(row.getByRole('list', { name: 'Entities of HubSpot' })).toContainText(
    'ContactsSystem of record',
  );

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Apps', level: 1 })).toBeVisible();
  await expect(page.getByRole('row', { name: /HubSpot/ })).toContainText('System of record');
  await page.screenshot({ path: `${artifacts}apps-list.png`, fullPage: true });
});

test('shows validation messages next to the field and adds nothing', async ({ page, served }) => {
  await openApps(page, served.url);
  const dialog = await addApp(page, { name: '   ' });
  await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.locator('#app-name-error')).toHaveText('Enter a name for the app.');
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await page.screenshot({ path: `${artifacts}apps-form-errors.png`, fullPage: true });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('No apps yet')).toBeVisible();
});

test('shows the server refusing a duplicate name and a second system of record', async ({ page, served }) => {
  await openApps(page, served.url);
  await addApp(page, { name: 'HubSpot', entity: 'Contacts', sor: true });
  await expect(page.getByRole('row', { name: /HubSpot/ })).toBeVisible();

  const dialog = await addApp(page, { name: 'hubspot' });
  await expect(dialog.locator('#app-name-error')).toContainText('already in the inventory');
  await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: `${artifacts}apps-form-conflict.png`, fullPage: true });
  await dialog.getByLabel('Name').fill('Pipedrive');
  await dialog.getByRole('button', { name: 'Add entity' }).click();
  await dialog.getByLabel('Entity name').fill('contacts');
  await dialog.getByLabel('System of record').check();
  await dialog.getByRole('button', { name: 'Save app' }).click();
  await expect(dialog.getByText('HubSpot is already the system of record for contacts.')).toBeVisible();
  await expect(dialog.getByLabel('System of record')).toBeFocused();
  await dialog.getByLabel('System of record').uncheck();
  await dialog.getByRole('button', { name: 'Save app' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: /Pipedrive/ })).toBeVisible();
});

test('edits and deletes an app', async ({ page, served }) => {
  await openApps(page, served.url);
  await addApp(page, { name: 'Xero', category: 'Accounting' });
  await page.getByRole('button', { name: 'Edit Xero' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Xero' });
  await edit.getByLabel('Owner').fill('Tom (finance)');
  await edit.getByRole('button', { name: 'Save app' }).click();
  await expect(page.getByRole('row', { name: /Xero/ })).toContainText('Tom (finance)');
  // Keyboard users land back where they were.
  await expect(page.getByRole('button', { name: 'Edit Xero' })).toBeFocused();

  await page.getByRole('button', { name: 'Delete Xero' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete Xero?' });
  await expect(confirm).toContainText('Xero will be removed from the inventory.');
  await confirm.getByRole('button', { name: 'Delete Xero' }).click();
  await expect(page.getByText('No apps yet')).toBeVisible();
  await expect(page.locator('main')).toBeFocused();
});

test('keeps the view on reload and moves with the keyboard', async ({ page, served }) => {
  await openApps(page, served.url);
  await page.reload();
  await expect(page).toHaveURL(/#\/apps$/);
  await expect(page.getByRole('heading', { name: 'Apps', level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await page.getByRole('link', { name: 'Failures' }).click();
  await expect(page.getByRole('heading', { name: 'Failures', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Failures' })).toHaveAttribute('aria-current', 'page');
});

test('adds an app from the connector catalog: the form fills what the catalog knows, and the app waits for its key', async ({
  page,
  served,
}) => {
  await openApps(page, served.url);
  await page.getByRole('button', { name: 'Add app' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add an app' });
  await dialog.getByRole('radio', { name: 'Stripe', exact: true }).check();
  await expect(dialog.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Stripe');
  await expect(dialog.getByLabel('Address')).toHaveValue('https://api.stripe.com');
  // Stripe's entities, each in its own row: customers first.
  await expect(dialog.getByLabel('Entity name')).toHaveCount(3);
  await expect(dialog.getByLabel('Entity name').first()).toHaveValue('Customers');
  await dialog.getByLabel('Category').selectOption({ label: 'Billing' });
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}apps-add-from-catalog.png`, fullPage: true });
  await dialog.getByRole('button', { name: 'Save app' }).click();
  await expect(dialog).toHaveCount(0);

  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Stripe' }) });
  // A connector without a saved key is not "connected".
  await expect(row).toContainText('No key');
  await expect(row).toContainText('Missing');
  const [saved] = await api<{ connector: { connector: string; config: Record<string, string> } | null }[]>(
    page,
    'apps.list',
  );
  expect(saved!.connector).toEqual({
    kind: 'rest',
    connector: 'stripe',
    config: { baseUrl: 'https://api.stripe.com' },
  });
  await row.getByRole('link', { name: 'Stripe' }).click();
  await expect(page.getByRole('article', { name: 'Credential' })).toContainText('Missing');
  await expect(page.getByLabel('API key or token for Stripe')).toBeVisible();
});

test('a view whose code cannot load says so inside the layout and offers a reload', async ({
  page,
  served,
}) => {
  // As when Patchbay was updated while this tab stayed open: the map's file is gone.
  await page.route('**/assets/map-view-*.js', (route) => route.abort());
  await openApps(page, served.url);
  // Not openView: it waits for the map to be drawn, and here it never is.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map' }).click();
  await expect(page.getByRole('heading', { name: 'This view could not be shown', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reload Patchbay' })).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}view-could-not-load.png`, fullPage: true });
  await openView(page, 'Apps');
  await expect(page.getByRole('heading', { name: 'Apps', level: 1 })).toBeVisible();
});
