// The bench's two jobs as source → target pairs of emulators (run-job.ts's `JobPair`):
// HubSpot contacts → Stripe customers, and Shopify orders → Xero invoices (issue 12).
// Each target is checked after every job: exactly one record per source record, with
// the mapped fields, or the bench fails.
import type { HubSpotEmulator } from '../core/demo/emulators/hubspot-emulator.ts';
import type { ShopifyEmulator } from '../core/demo/emulators/shopify-emulator.ts';
import { startStripeEmulator, type StripeEmulator } from '../core/demo/emulators/stripe-emulator.ts';
import { startXeroEmulator, type XeroEmulator } from '../core/demo/emulators/xero-emulator.ts';
import {
  invoiceNumberOf,
  shopifyApi,
  shopifyClient,
  xeroAccessToken,
  xeroApi,
} from '../core/testing/orders-to-invoices.ts';
import { hubspotToken, stripeKey } from '../core/testing/sync-harness.ts';
import { unthrottled, type JobPair } from './run-job.ts';

export function contactsToStripe(hubspot: HubSpotEmulator): JobPair<StripeEmulator> {
  return {
    source: hubspot,
    startTarget: () => startStripeEmulator({ keys: [stripeKey], rateLimit: unthrottled }),
    input: (stripe, size) => ({
      job: 'contacts',
      size,
      hubspotUrl: hubspot.url,
      hubspotToken,
      stripeUrl: stripe.url,
      stripeKey,
    }),
    verify: (stripe, size, label) => verifyCustomers(stripe, size, label),
  };
}

/**
 * Stripe must end with exactly one customer per seeded contact, each with the mapped
 * fields (seedContacts makes contact i: contact<i>@example.com, First<i> Last<i>).
 */
function verifyCustomers({ store }: StripeEmulator, size: number, label: string): void {
  const problem = (what: string) => new Error(`${label} left Stripe wrong: ${what}.`);
  if (store.ordered.length !== size) throw problem(`${store.ordered.length} customers instead of ${size}`);
  const seen = new Set<string>();
  for (const customer of store.ordered) {
    const i = /^contact(\d+)@example\.com$/.exec(customer.email ?? '')?.[1];
    if (!i || seen.has(i)) throw problem(`unexpected or repeated email ${customer.email}`);
    seen.add(i);
    const phone = `+44 20 7946 ${String(Number(i) % 10000).padStart(4, '0')}`;
    if (
      customer.name !== `First${i} Last${i}` ||
      customer.phone !== phone ||
      customer.metadata.hubspot_id !== i
    )
      throw problem(`customer ${customer.id} has the wrong fields`);
  }
}

export function ordersToXero(shopify: ShopifyEmulator): JobPair<XeroEmulator> {
  return {
    source: shopify,
    // Xero's 60 a minute and 5,000 a day raised out of reach, as every limit in the bench.
    startTarget: () =>
      startXeroEmulator({ tokens: [xeroAccessToken], rateLimit: unthrottled, dayLimit: 10_000_000 }),
    input: (xero, size) => ({
      job: 'orders',
      size,
      shopifyUrl: shopifyApi(shopify),
      shopifyClientId: shopifyClient.id,
      shopifyClientSecret: shopifyClient.secret,
      xeroUrl: xeroApi(xero),
      xeroAccessToken,
      xeroTenantId: xero.tenantId,
    }),
    verify: (xero, size, label) => verifyInvoices(shopify, xero, size, label),
  };
}

/** Xero must end with exactly one invoice per order: its number, its buyer and its total. */
function verifyInvoices(shopify: ShopifyEmulator, xero: XeroEmulator, size: number, label: string): void {
  const problem = (what: string) => new Error(`${label} left Xero wrong: ${what}.`);
  const invoices = xero.store.items.Invoices;
  if (invoices.size !== size) throw problem(`${invoices.size} invoices instead of ${size}`);
  const byNumber = new Map([...invoices.values()].map((invoice) => [invoice.InvoiceNumber, invoice]));
  if (byNumber.size !== size) throw problem('some invoice numbers are repeated');
  for (const order of shopify.store.items.orders.values()) {
    const invoice = byNumber.get(invoiceNumberOf(Number(order.order_number)));
    const contact = invoice?.Contact as { Name?: unknown } | undefined;
    if (!invoice || invoice.Total !== Number(order.total_price) || contact?.Name !== order.email)
      throw problem(`order ${String(order.name)} has no invoice with its buyer and total`);
  }
}
