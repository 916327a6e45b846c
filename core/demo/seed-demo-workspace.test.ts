import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { clientFor } from '../host/core-client.ts';
import { parseTokenBundle } from '../secrets/oauth/token-bundle.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { openTestCore, type TestCore } from '../testing/temp-workspace.ts';
import { demoOAuthClients, startDemoApps, type DemoApps } from './demo-apps.ts';
import { demoCustomers, demoOrders, demoPriceList, demoProducts, priceListHeader } from './demo-people.ts';
import type { SheetsStore } from './emulators/google-sheets-emulator.ts';
import type { ShopifyStore } from './emulators/shopify-emulator.ts';
import type { XeroStore } from './emulators/xero-store.ts';
import { demoFlows } from './demo-flows.ts';
import { connectDemoWorkspace, demoApps, seedDemoWorkspace } from './seed-demo-workspace.ts';

let t: TestCore | undefined;
let apps: DemoApps | undefined;
afterEach(async () => {
  await apps?.stop();
  t?.dispose();
  apps = t = undefined;
});

it('fills an empty workspace once and leaves a used one alone', async () => {
  t = openTestCore();
  expect(await seedDemoWorkspace(t.core)).toEqual({ seeded: true });
  const first = await t.core.invoke('apps.list', {});
  expect(first.ok && first.value).toHaveLength(demoApps.length);

  const removed = first.ok ? (first.value as { id: string }[])[0]! : undefined;
  await t.core.invoke('apps.delete', { id: removed!.id });
  expect(await seedDemoWorkspace(t.core)).toEqual({ seeded: false });
  const second = await t.core.invoke('apps.list', {});
  expect(second.ok && second.value).toHaveLength(demoApps.length - 1);
});

/** Every file of the workspace folder as text, to look for a secret in (the database, the demo's apps). */
function workspaceText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path).toString('latin1'))
    .join('\n');
}

it('runs the small office: eight simulated apps, seven scheduled flows, two signed in through OAuth, records landing, one failure', async () => {
  const secrets = new InMemorySecretStore();
  t = openTestCore({ secrets });
  await seedDemoWorkspace(t.core);
  apps = await startDemoApps(t.dir);
  expect(apps.running.map((a) => a.name)).toEqual([
    'HubSpot',
    'Stripe',
    'Shopify',
    'Mailchimp',
    'Zendesk',
    'Pipedrive',
    'Xero',
    'Google Sheets',
  ]);
  await connectDemoWorkspace(t.core, apps.running, (m) => {
    throw new Error(m);
  });
  const api = clientFor(t.core);
  const flows = await api.call('flows.list');
  const scheduled = flows.filter((f) => f.enabled && f.schedule);
  expect(scheduled.map((f) => f.name).sort()).toEqual(demoFlows.map((d) => d.name).sort());
  expect(flows).toHaveLength(7); // none left switched off

  // Xero and Google Sheets were signed in to through the browser flow: the keychain holds
  // their token bundles (Google's with its client secret), and the sign-in servers say so.
  const appIds = new Map((await api.call('apps.list')).map((a) => [a.name, a.id]));
  const bundleOf = async (name: string) => {
    const account = (await secrets.list()).find((a) => a.endsWith(appIds.get(name)!));
    return parseTokenBundle((await secrets.get(account!))!, name);
  };
  const xeroTokens = await bundleOf('Xero');
  const sheetsTokens = await bundleOf('Google Sheets');
  expect(xeroTokens.scope).toBe('offline_access accounting.contacts accounting.invoices');
  expect(xeroTokens.refreshToken).toBeDefined();
  expect(sheetsTokens.clientSecret).toBe(demoOAuthClients.googleSheets.secret);

  const counts = new Map<string, { created: number; updated: number; failed: number }>();
  for (const flow of scheduled) counts.set(flow.name, (await api.call('flows.run', { id: flow.id })).counts);
  // HubSpot's 48 contacts reach Stripe; Maria's email is refused (the failure to fix).
  expect(counts.get('HubSpot contacts to Stripe customers')).toMatchObject({ created: 48, failed: 1 });
  for (const name of [
    'Shop customers into HubSpot',
    'Shop customers to the newsletter',
    'Shop customers to the helpdesk',
  ])
    expect(counts.get(name), name).toMatchObject({ created: demoCustomers.length, failed: 0 });
  expect(counts.get('Shop orders to the sales pipeline')).toMatchObject({
    created: demoOrders.length,
    failed: 0,
  });
  // The one failure of the whole office is Maria's.
  expect([...counts.values()].reduce((sum, c) => sum + c.failed, 0)).toBe(1);

  // Every shop order is an invoice in Xero, once, for the order's total.
  const shop = apps.get('Shopify')!.store as ShopifyStore;
  const books = apps.get('Xero')!.store as XeroStore;
  expect(counts.get('Shop orders to accounting')).toMatchObject({
    created: shop.items.orders.size,
    updated: 0,
    failed: 0,
  });
  expect(books.items.Invoices.size).toBe(shop.items.orders.size);
  for (const order of shop.items.orders.values()) {
    const invoice = books.find('Invoices', 'InvoiceNumber', `SHOP-${String(order.order_number)}`);
    expect(invoice, String(order.name)).toMatchObject({
      Type: 'ACCREC',
      Total: Number(order.total_price),
      Contact: { Name: order.email },
    });
  }

  // The price list's rows are the shop's products: the two whose price went up are
  // updated, the ones already as listed left alone, the three new ones added.
  const sheet = apps.get('Google Sheets')!.store as SheetsStore;
  const rows = sheet.grid('Price list');
  expect(rows[0]).toEqual([...priceListHeader]);
  const repriced = demoProducts.filter(
    (p) => demoPriceList.find((row) => row.title === p.title)!.price !== p.variants[0]!.price,
  );
  expect(repriced.map((p) => p.title)).toEqual(['Stoneware mug', 'Beeswax candle']);
  expect(counts.get('Price list to the shop')).toMatchObject({
    read: demoPriceList.length,
    created: demoPriceList.length - demoProducts.length,
    updated: repriced.length,
    failed: 0,
  });
  const products = [...shop.items.products.values()];
  expect(products).toHaveLength(demoPriceList.length);
  for (const row of demoPriceList) {
    const product = products.find((p) => p.handle === row.handle);
    expect(product, row.handle).toMatchObject({
      title: row.title,
      variants: [{ price: row.price, sku: row.sku }],
    });
  }
  expect(rows).toHaveLength(demoPriceList.length + 1);

  // The records are really in the other apps.
  const shopper = demoCustomers[0]!.email;
  const hubspot = apps.get('HubSpot')!;
  expect((hubspot.store.snapshot() as { contacts: { properties: { email?: string } }[] }).contacts).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ properties: expect.objectContaining({ email: shopper }) }),
    ]),
  );
  const members = (
    apps.get('Mailchimp')!.store.snapshot() as {
      items: { members: { email_address: string; status: string }[] };
    }
  ).items.members;
  expect(members).toEqual(
    expect.arrayContaining([expect.objectContaining({ email_address: shopper, status: 'subscribed' })]),
  );

  // Kept between starts: a restart finds the records the flows wrote, and signs in afresh.
  await apps.stop();
  apps = await startDemoApps(t.dir);
  const again = apps.get('Zendesk')!.store.snapshot() as { items: { users: { email: string }[] } };
  expect(again.items.users.map((u) => u.email)).toEqual(expect.arrayContaining([shopper]));
  expect((apps.get('Xero')!.store as XeroStore).items.Invoices.size).toBe(shop.items.orders.size);
  await connectDemoWorkspace(t.core, apps.running, (m) => {
    throw new Error(m);
  });
  const orders = scheduled.find((f) => f.name === 'Shop orders to accounting')!;
  expect((await api.call('flows.run', { id: orders.id })).status).toBe('succeeded');
  expect((await bundleOf('Xero')).accessToken).not.toBe(xeroTokens.accessToken);

  // No token or client secret reached the workspace folder (database, demo apps' file).
  const written = workspaceText(t.dir);
  for (const secret of [
    xeroTokens.accessToken,
    xeroTokens.refreshToken!,
    sheetsTokens.accessToken,
    demoOAuthClients.googleSheets.secret,
  ])
    expect(written).not.toContain(secret);
  expect(t.logged.join('\n')).not.toContain(xeroTokens.accessToken);
}, 120_000);
