import { shopSettings } from '../../core/testing/shop-settings.ts';
import { startLocalApiServer, type LocalApiServer } from '../../core/testing/local-api-server.ts';
import { api, noSeriousA11yIssues, openView, screenshotDialog } from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

// The app form is drawn from the settings a connector declares (issue 11): each field
// with its label, example, help and required marker, of its type; the key typed there
// goes to the keychain, and the app then talks to the address its settings make.

const accessKey = 'corner-shop-key-4711';

let shop: LocalApiServer;
test.beforeEach(async () => {
  shop = await startLocalApiServer((request) =>
    request.headers['x-shop-key'] === accessKey
      ? { body: { customers: [{ id: 1, email: 'ada@example.org' }] } }
      : { status: 401, body: { message: 'Unknown key' } },
  );
});
test.afterEach(() => shop.close());

const cornerShop = () => ({
  id: 'corner-shop',
  name: 'Corner Shop',
  baseUrl: `${shop.url}/shops/{{config.shop}}/api/{{config.version}}`,
  auth: { type: 'api_key', in: 'header', name: 'X-Shop-Key' },
  check: { path: '/customers.json', query: { limit: '{{config.pageSize}}' } },
  settings: [
    ...shopSettings.map((s) =>
      s.name === 'shop' ? { ...s, help: 'The first part of your shop’s admin address.' } : s,
    ),
    { name: 'pageSize', label: 'Page size', type: 'number', example: '50' },
    { name: 'archived', label: 'Include archived customers', type: 'boolean' },
    { name: 'accessKey', label: 'Access key', secret: true, required: true, help: 'From Settings → Apps.' },
  ],
  entities: {
    customers: { list: { path: '/customers.json', recordsPath: 'customers', pagination: { type: 'none' } } },
  },
});

test('draws the app form from the connector’s declared settings, saves the key to the keychain, and the app answers at the address they make', async ({
  page,
  served,
}) => {
  test.setTimeout(60_000);
  await page.goto(served.url);
  await api(page, 'connectors.install', { manifest: cornerShop(), source: 'corner-shop.json' });
  await openView(page, 'Apps');
  await page.getByRole('button', { name: 'Add app' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add an app' });
  await dialog.getByRole('radio', { name: 'Corner Shop', exact: true }).check();

  const connection = dialog.getByRole('group', { name: 'Connection to Corner Shop' });
  const shopName = connection.getByRole('textbox', { name: 'Shop name' });
  await expect(shopName).toHaveAttribute('placeholder', 'my-shop');
  await expect(shopName).toHaveAttribute('required', '');
  await expect(connection).toContainText('The first part of your shop’s admin address.');
  await expect(connection.getByRole('combobox', { name: 'API version' })).toHaveValue('2025-07');
  await expect(connection.getByRole('spinbutton', { name: 'Page size' })).toHaveAttribute(
    'placeholder',
    '50',
  );
  await expect(connection.getByRole('checkbox', { name: 'Include archived customers' })).not.toBeChecked();
  const key = connection.getByLabel('Access key');
  await expect(key).toHaveAttribute('type', 'password');
  // The address is the pattern the settings fill, not a fixed one.
  await expect(connection.getByRole('textbox', { name: 'Address' })).toHaveValue('');
  await expect(connection.getByRole('textbox', { name: 'Address' })).toHaveAttribute(
    'placeholder',
    `${shop.url}/shops/{shop}/api/{version}`,
  );

  // Saved empty: the required key and shop are asked for, beside their fields.
  await dialog.getByRole('button', { name: 'Save app' }).click();
  await expect(connection.getByText('Enter the Access key: Corner Shop needs it.')).toBeVisible();
  await key.fill(accessKey);
  await dialog.getByRole('button', { name: 'Save app' }).click();
  await expect(connection.getByText('Enter the Shop name: Corner Shop needs it.')).toBeVisible();
  await expect(shopName).toHaveAttribute('aria-invalid', 'true');
  await noSeriousA11yIssues(page);
  await screenshotDialog(page, dialog, 'app-form-settings-refused.png');

  await shopName.fill('acme');
  await connection.getByRole('combobox', { name: 'API version' }).selectOption({ label: 'October 2025' });
  await connection.getByRole('spinbutton', { name: 'Page size' }).fill('25');
  await connection.getByRole('checkbox', { name: 'Include archived customers' }).check();
  await noSeriousA11yIssues(page);
  await screenshotDialog(page, dialog, 'app-form-settings.png');
  await dialog.getByRole('button', { name: 'Save app' }).click();
  await expect(dialog).toHaveCount(0);

  const [saved] = await api<{ id: string; connector: { config: Record<string, string> } }[]>(
    page,
    'apps.list',
  );
  // The key is in the keychain, never among the settings.
  expect(saved!.connector.config).toEqual({
    shop: 'acme',
    version: '2025-10',
    pageSize: '25',
    archived: 'true',
  });
  const [credential] = await api<{ hasSecret: boolean }[]>(page, 'credentials.list');
  expect(credential!.hasSecret).toBe(true);

  await page.getByRole('link', { name: 'Corner Shop', exact: true }).click();
  await page.getByRole('button', { name: 'Test the connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Corner Shop' })).toBeVisible();
  // The status may be an earlier one about Corner Shop: wait for the test's request itself.
  await expect.poll(() => shop.requests.at(-1)?.path).toBe('/shops/acme/api/2025-10/customers.json');
  expect(shop.requests.at(-1)!.query.get('limit')).toBe('25');

  // Editing keeps the saved key unless another is typed, and shows the settings as saved.
  await page.getByRole('button', { name: 'Edit details' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Corner Shop' });
  await expect(edit.getByRole('textbox', { name: 'Shop name' })).toHaveValue('acme');
  await expect(edit.getByLabel('Access key')).toHaveValue('');
  await expect(edit.getByLabel('Access key')).not.toHaveAttribute('required', '');
  await edit.getByRole('button', { name: 'Save app' }).click();
  await expect(edit).toHaveCount(0);
  expect((await api<{ hasSecret: boolean }[]>(page, 'credentials.list'))[0]!.hasSecret).toBe(true);
});
