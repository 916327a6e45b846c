// The requests the hand-written and ceiling jobs make for the second bench job, written
// once (as contacts-to-customers.ts is for the first): Shopify's orders by ascending
// updated_at, 250 a page, following the Link header; each order mapped to a Xero sales
// invoice as Patchbay's flow maps it (core/testing/orders-to-invoices.ts); per page,
// batches of 50 sent one after another as POST /Invoices?summarizeErrors=false, which
// creates or updates by InvoiceNumber, with a refused invoice reported inside the 200.
// The token is bought first with the shop's client id and secret, as Patchbay does:
// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant
// https://shopify.dev/docs/api/admin-rest/usage/pagination
// https://developer.xero.com/documentation/api/accounting/invoices
// No Patchbay code at all: its imports alone would add to the jobs' RSS.
import { retryingWithHeaders, type Exchange, type Link, type SendText } from './contacts-to-customers.ts';
import type { JobCounts, OrdersJobInput } from './job-protocol.ts';

const pageSize = 250;
const batchSize = 50;

export interface Order {
  id: number;
  order_number: number;
  name: string;
  email: string | null;
  currency: string;
  total_price: string;
  updated_at: string;
}

interface Invoice {
  InvoiceID?: string;
  InvoiceNumber?: string;
  ValidationErrors?: { Message: string }[];
}

export interface SyncOrdersOptions {
  input: OrdersJobInput;
  send: SendText;
  /** Where the read starts (the stored cursor, ISO 8601); undefined for everything. */
  since: string | undefined;
  /** The order's updated_at when its invoice was last written, if it was (a re-read is not written again). */
  written: (order: Order) => string | undefined;
  /** After each page's writes: the links written and the newest change seen. */
  committed: (links: Link[], newest: string) => void;
}

export async function syncOrders(options: SyncOrdersOptions): Promise<JobCounts> {
  const { input } = options;
  const call = retryingWithHeaders(options.send);
  const counts: JobCounts = { read: 0, created: 0, updated: 0, failed: 0 };
  let newest = options.since ?? '';
  const token = await buyToken(input, call);
  const first = new URL(`${input.shopifyUrl}/orders.json`);
  first.search = new URLSearchParams({
    status: 'any',
    limit: String(pageSize),
    ...(options.since ? { updated_at_min: options.since } : {}),
  }).toString();
  let next: string | undefined = first.toString();
  while (next) {
    const page = await call({
      method: 'GET',
      url: next,
      headers: { 'x-shopify-access-token': token, accept: 'application/json' },
    });
    const orders = (page.body as { orders: Order[] }).orders;
    counts.read += orders.length;
    const links: Link[] = [];
    const toWrite = orders.filter((o) => options.written(o) !== o.updated_at);
    for (let i = 0; i < toWrite.length; i += batchSize) {
      const batch = toWrite.slice(i, i + batchSize);
      const answer = await call(invoicesRequest(input, batch.map(invoiceOf)));
      const byNumber = new Map(
        (answer.body as { Invoices: Invoice[] }).Invoices.map((v) => [v.InvoiceNumber, v]),
      );
      for (const order of batch) {
        const result = byNumber.get(invoiceNumberOf(order));
        if (!result?.InvoiceID || result.ValidationErrors?.length) {
          counts.failed++;
          continue;
        }
        links.push([String(order.id), result.InvoiceID, order.updated_at]);
        if (options.written(order) === undefined) counts.created++;
        else counts.updated++;
      }
    }
    for (const o of orders) if (o.updated_at > newest) newest = o.updated_at;
    options.committed(links, newest);
    next = /<([^>]+)>;\s*rel="next"/.exec(page.link ?? '')?.[1];
  }
  return counts;
}

const invoiceNumberOf = (order: Order) => `SHOP-${order.order_number}`;

/** The same invoice Patchbay's flow writes for an order. */
function invoiceOf(order: Order) {
  return {
    InvoiceNumber: invoiceNumberOf(order),
    Type: 'ACCREC',
    Contact: { Name: (order.email ?? '').trim() },
    Reference: order.name,
    CurrencyCode: order.currency,
    LineItems: [
      {
        Description: `Shopify order ${order.name}`,
        Quantity: 1,
        UnitAmount: Number(Number(order.total_price).toFixed(2)),
        AccountCode: '200',
      },
    ],
  };
}

function invoicesRequest(input: OrdersJobInput, invoices: unknown[]): Exchange {
  return {
    method: 'POST',
    url: `${input.xeroUrl}/Invoices?summarizeErrors=false`,
    headers: {
      authorization: `Bearer ${input.xeroAccessToken}`,
      'xero-tenant-id': input.xeroTenantId,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ Invoices: invoices }),
  };
}

/** POST /admin/oauth/access_token with grant_type=client_credentials: the 24-hour token the job reads with. */
async function buyToken(
  input: OrdersJobInput,
  call: ReturnType<typeof retryingWithHeaders>,
): Promise<string> {
  const answer = await call({
    method: 'POST',
    url: new URL('/admin/oauth/access_token', input.shopifyUrl).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: input.shopifyClientId,
      client_secret: input.shopifyClientSecret,
    }).toString(),
  });
  return (answer.body as { access_token: string }).access_token;
}
