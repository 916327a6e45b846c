import type { FlowInput } from '../contract/flows.ts';
import { orderAsInvoice } from '../demo/demo-flows.ts';
import type { ShopifyEmulator } from '../demo/emulators/shopify-emulator.ts';
import type { XeroEmulator } from '../demo/emulators/xero-emulator.ts';
import type { SyncHarness } from './sync-harness.ts';

// A shop's orders become sales invoices in accounting (issue 12's demo flow and its
// second bench job): the flow, and the two apps on their emulators, shared by the
// Xero sync tests and `bench/`.

/** The shop's Dev Dashboard app: its client id and secret buy the API token (client-credentials grant). */
export const shopifyClient = { id: 'orders-to-invoices-client', secret: 'shpss_orders_to_invoices' };
/** The emulator's installed apps (`startShopifyEmulator`'s `clients`). */
export const shopifyClients = { [shopifyClient.id]: shopifyClient.secret };
export const xeroAccessToken = 'xero-orders-to-invoices-access-token';

/** The invoice number an order becomes: the match key, so a repeat finds the invoice. */
export const invoiceNumberOf = (orderNumber: number | string) => `SHOP-${orderNumber}`;

/** Shopify order → Xero sales invoice (ACCREC) with one line for the order's total. */
export function ordersToInvoices(shopifyAppId: string, xeroAppId: string): FlowInput {
  return {
    name: 'Shop orders to invoices',
    sourceAppId: shopifyAppId,
    targetAppId: xeroAppId,
    ...orderAsInvoice,
  };
}

/** The Xero app's saved sign-in: an OAuth token bundle whose access token the emulator knows. */
export const xeroSignIn = JSON.stringify({
  type: 'oauth2',
  accessToken: xeroAccessToken,
  refreshToken: 'xero-refresh-token-unused',
  scope: 'offline_access accounting.contacts accounting.invoices',
  tokenType: 'Bearer',
});

/** The API's address on an emulator, as an app's `baseUrl` replaces the whole base (version included). */
export const shopifyApi = (emulator: { url: string }) => `${emulator.url}/admin/api/2025-07`;
export const xeroApi = (emulator: { url: string }) => `${emulator.url}/api.xro/2.0`;

/** The shop's token endpoint beside its API (`/admin/oauth/access_token` on the same host). */
export const shopifyTokenUrl = (apiUrl: string) => new URL('/admin/oauth/access_token', apiUrl).toString();

/** The Shopify app at `apiUrl` (`apps.create`'s input), a Dev Dashboard app; the limit is raised for tests and the bench. */
export const shopifyApp = (apiUrl: string, requestsPerSecond = '100000') => ({
  name: 'Shopify',
  connector: {
    preset: 'shopify',
    config: {
      shop: 'acme',
      clientId: shopifyClient.id,
      tokenUrl: shopifyTokenUrl(apiUrl),
      baseUrl: apiUrl,
      requestsPerSecond,
    },
  },
});

/** The Xero app at `apiUrl`, signed in through OAuth (its client id) for one organisation. */
export const xeroApp = (apiUrl: string, tenantId: string, requestsPerSecond = '100000') => ({
  name: 'Xero',
  connector: {
    preset: 'xero',
    config: {
      tenantId,
      clientId: 'patchbay-test-client',
      baseUrl: apiUrl,
      requestsPerSecond,
    },
  },
});

/** A Shopify app and a Xero app on their emulators, with credentials saved; answers their ids. */
export async function addShopAndAccounting(
  call: SyncHarness['call'],
  shopify: ShopifyEmulator,
  xero: XeroEmulator,
): Promise<{ shopifyId: string; xeroId: string }> {
  const shop = await call('apps.create', shopifyApp(shopifyApi(shopify)));
  const accounting = await call('apps.create', xeroApp(xeroApi(xero), xero.tenantId));
  await call('secrets.set', { appId: shop.id, value: shopifyClient.secret });
  await call('secrets.set', { appId: accounting.id, value: xeroSignIn });
  return { shopifyId: shop.id, xeroId: accounting.id };
}
