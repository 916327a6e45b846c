import { demoCredentials, demoShopifyClientId } from '../../core/demo/demo-apps.ts';
import {
  api,
  appBaseUrl,
  artifacts,
  noSeriousA11yIssues,
  openView,
  screenshotDialog,
} from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

// Shopify's Dev Dashboard apps sign in with a client ID and secret (OAuth client
// credentials): the Add app form asks for both, tests them before saving, and the app's
// page takes a new secret like any credential, with no browser sign-in to click through.

test('a Shopify app is added with its client ID and secret, tested before saving, and its page takes the secret like a key', async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  await openView(page, 'Apps');
  await page.getByRole('button', { name: 'Add app' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add an app' });
  const shopify = dialog.getByRole('radio', { name: 'Shopify', exact: true });
  await expect(shopify).toHaveAccessibleDescription('Needs its client ID and client secret');
  await shopify.check();

  // The simulated shop of the demo: its API and token addresses stand in for myshopify.com.
  const apiUrl = await appBaseUrl(page, 'Shopify');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Second shop');
  await dialog.getByLabel('Shop name').fill('corner-shop');
  await dialog.getByLabel('Client ID').fill(demoShopifyClientId);
  await expect(dialog.getByText('From the Dev Dashboard: your app → Settings → Client ID.')).toBeVisible();
  await dialog.getByLabel('Address', { exact: true }).fill(apiUrl);
  await dialog.getByLabel('Token address').fill(new URL('/admin/oauth/access_token', apiUrl).toString());
  await expect(dialog.getByLabel('Sign-in address')).toHaveCount(0);

  await dialog.getByLabel('Client secret').fill('shpss_mistyped_secret');
  await dialog.getByRole('button', { name: 'Test the connection' }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    'did not accept the client ID and client secret saved for it',
  );
  await expect(dialog.getByRole('alert')).not.toContainText('shpss_mistyped_secret');
  await dialog.getByLabel('Client secret').fill(demoCredentials.shopify);
  await dialog.getByRole('button', { name: 'Test the connection' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Connected' })).toHaveText(
    'Connected to Second shop.',
  );
  await noSeriousA11yIssues(page);
  await screenshotDialog(page, dialog, 'shopify-add-app.png');
  await dialog.getByRole('button', { name: 'Save app' }).click();
  await expect(dialog).toHaveCount(0);

  // Its page: no "Connect" button (nothing to approve in a browser), a field for a new client secret.
  const apps = await api<{ id: string; name: string }[]>(page, 'apps.list');
  expect(apps.some((a) => a.name === 'Second shop')).toBe(true);
  await page.getByRole('link', { name: 'Second shop', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Second shop' })).toBeVisible();
  const credential = page.getByRole('article', { name: 'Credential' });
  await expect(credential.getByRole('button', { name: /^Connect/ })).toHaveCount(0);
  await expect(credential.getByLabel('Client secret for Second shop')).toBeVisible();
  const connection = page.getByRole('article', { name: 'Connection' });
  await connection.getByRole('button', { name: 'Test the connection' }).click();
  await expect(connection.getByRole('status')).toHaveText('Connected to Second shop.');
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}shopify-app-page.png`, fullPage: true });
});
