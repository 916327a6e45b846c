import { createHash, randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { demoCredentials, demoShopifyClientId } from '../../core/demo/demo-apps.ts';
import { demoOrders, demoPriceList, priceListHeader } from '../../core/demo/demo-people.ts';
import {
  api,
  askApp,
  appBaseUrl,
  artifacts,
  noSeriousA11yIssues,
  openView,
} from '../support/page-helpers.ts';
import { expect, test } from '../support/serve-fixture.ts';

// The demo's two apps that sign in with OAuth: the shop's orders land as invoices in the
// simulated Xero, and the Google Sheets price list becomes the shop's products. Both
// apps were signed in to at start by the demo itself; the test checks the records inside
// the simulated apps through their own APIs, as the accountant and the shop owner would.

type AppConfig = Record<string, string>;

async function configOf(page: Page, name: string): Promise<AppConfig> {
  const apps = await api<{ name: string; connector: { config: AppConfig } | null }[]>(page, 'apps.list');
  return apps.find((a) => a.name === name)!.connector!.config;
}

/**
 * An access token of the simulated Xero, got as any other client of the organisation
 * would (the accountant's own tool): PKCE, consent, the code exchanged. Patchbay's own
 * tokens stay in its keychain.
 */
async function accountantsToken(page: Page, xero: AppConfig): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(xero.authorizeUrl!);
  const redirectUri = 'http://127.0.0.1:9/callback'; // the redirect is read, never followed
  for (const [key, value] of Object.entries({
    response_type: 'code',
    client_id: xero.clientId!,
    redirect_uri: redirectUri,
    scope: 'accounting.invoices',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }))
    authorize.searchParams.set(key, value);
  const consent = await page.request.get(authorize.toString(), { maxRedirects: 0 });
  const code = new URL(consent.headers().location!).searchParams.get('code')!;
  const token = await page.request.post(xero.tokenUrl!, {
    form: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: xero.clientId!,
      code_verifier: verifier,
    },
  });
  expect(token.status()).toBe(200);
  return ((await token.json()) as { access_token: string }).access_token;
}

/**
 * An Admin API token of the simulated shop, bought as the shop owner's own Dev Dashboard
 * app would: the client-credentials grant with the app's id and secret.
 */
async function shopOwnersToken(page: Page, shopify: AppConfig): Promise<string> {
  const token = await page.request.post(shopify.tokenUrl!, {
    form: {
      grant_type: 'client_credentials',
      client_id: demoShopifyClientId,
      client_secret: demoCredentials.shopify,
    },
  });
  expect(token.status()).toBe(200);
  return ((await token.json()) as { access_token: string }).access_token;
}

test('the shop’s orders become invoices in Xero, and the price list in Google Sheets becomes the shop’s products', async ({
  page,
  demo,
}) => {
  test.setTimeout(180_000);
  await page.goto(demo.url);
  await api(page, 'scheduler.pause');

  // The whole office on the map, the two signed-in apps among them.
  await openView(page, 'Map');
  const map = page.getByRole('application', { name: 'Data-flow map' });
  for (const name of ['Shopify', 'Xero', 'Google Sheets'])
    await expect(map.getByRole('group', { name: new RegExp(`^${name}, `) })).toBeVisible();
  await expect(
    map.getByRole('group', { name: /^orders → invoices, from Shopify to Xero: Never run$/ }),
  ).toHaveCount(1);
  await expect(
    map.getByRole('group', { name: /^rows → products, from Google Sheets to Shopify: Never run$/ }),
  ).toHaveCount(1);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}office-books-map.png`, fullPage: true });

  // Sync now from the map: the shop's orders to accounting.
  await map.locator('.map-flow-label', { hasText: 'orders → invoices' }).click();
  const panel = page.getByRole('complementary', { name: 'Shop orders to accounting' });
  await panel.getByRole('button', { name: 'Sync now' }).click();
  await expect(panel.getByRole('status')).toContainText('Finished', { timeout: 90_000 });
  await expect(panel.getByRole('status')).toContainText(`${demoOrders.length} written`);

  // The invoices are in Xero itself, one per order, numbered from the order.
  const xero = await configOf(page, 'Xero');
  const invoices = await askApp(page, `${xero.baseUrl}/Invoices?page=1&pageSize=1000`, {
    authorization: `Bearer ${await accountantsToken(page, xero)}`,
    'xero-tenant-id': xero.tenantId!,
    accept: 'application/json',
  });
  const books = invoices.Invoices as { InvoiceNumber: string; Type: string; Total: number }[];
  expect(books).toHaveLength(demoOrders.length);
  expect(books.map((i) => i.InvoiceNumber)).toContain('SHOP-1001');
  expect(new Set(books.map((i) => i.Type))).toEqual(new Set(['ACCREC']));

  // The run's own page says what happened.
  await openView(page, 'Runs');
  await page.getByRole('link', { name: /^Run \d+: Shop orders to accounting$/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Shop orders to accounting');
  await expect(page.getByRole('main')).toContainText(`${demoOrders.length} created`);
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}office-books-run-page.png`, fullPage: true });

  // The price list, as the schedule would run it: new products added, new prices set.
  const flows = await api<{ id: string; name: string }[]>(page, 'flows.list');
  const priced = await api<{ counts: { created: number; updated: number; failed: number } }>(
    page,
    'flows.run',
    { id: flows.find((f) => f.name === 'Price list to the shop')!.id },
  );
  expect(priced.counts).toMatchObject({ created: 3, updated: 2, failed: 0 });
  const shop = await appBaseUrl(page, 'Shopify');
  const listed = await askApp(page, `${shop}/products.json?limit=250`, {
    'x-shopify-access-token': await shopOwnersToken(page, await configOf(page, 'Shopify')),
  });
  const products = listed.products as { handle: string; variants: { price: string }[] }[];
  for (const row of demoPriceList)
    expect(products.find((p) => p.handle === row.handle)?.variants[0]?.price, row.handle).toBe(row.price);

  // The flow editor offers the sheet's columns, read from its header row.
  await openView(page, 'Flows');
  await page.getByRole('link', { name: 'Create a flow' }).first().click();
  await page.getByLabel('Copy from app').selectOption({ label: 'Google Sheets' });
  await expect(page.getByLabel('Records to read')).toHaveValue('rows');
  await expect(page.getByText(`Columns: ${priceListHeader.join(', ')}`)).toBeVisible();
  // A field not filled in yet is no unknown column; a mistyped one is, with the likely one named.
  await expect(page.getByText('has no column')).toHaveCount(0);
  await page.getByLabel('Source field').fill('prise');
  await expect(
    page.getByText('Google Sheets rows has no column “prise”. Did you mean “price”?'),
  ).toBeVisible();
  await noSeriousA11yIssues(page);
  await page.screenshot({ path: `${artifacts}office-books-sheet-columns.png`, fullPage: true });
});
