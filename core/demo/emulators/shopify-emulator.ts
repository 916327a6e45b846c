// A Shopify Admin REST API emulator (customers, orders, products) on 127.0.0.1, after Shopify's public docs:
// https://shopify.dev/docs/api/admin-rest/usage/pagination (Link header with page_info; only limit and
//   fields may go with page_info; limit default 50, at most 250)
// https://shopify.dev/docs/api/admin-rest/usage/rate-limits (leaky bucket of 40, 2 a second on Standard;
//   X-Shopify-Shop-Api-Call-Limit: 32/40; 429 with Retry-After: 2.0)
// https://shopify.dev/docs/api/admin-rest/latest/resources/customer (updated_at_min, /customers/search.json?query=email:…,
//   POST /customers.json { customer }, PUT /customers/{id}.json, DELETE; 422 { errors: { email: ["is invalid"] } })
// https://shopify.dev/docs/api/admin-rest/latest/resources/order (status=open by default, status=any for all; name=)
// https://shopify.dev/docs/api/admin-rest/latest/resources/product (handle=, title required)
// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens (X-Shopify-Access-Token; a bad or
//   expired one answers 401 { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
//   tokens are bought at the client-credentials token endpoint (shopify-token-endpoint.ts), or are a legacy
//   custom app's Admin API access token that never expires (`tokens`).
// Deleted customers and products vanish from lists and answer 404 { errors: "Not Found" } (deletions reach
// other apps only by webhooks or the events feed). Times carry the shop's offset, as Shopify writes them.
import { randomUUID } from 'node:crypto';
import { KeptRecords } from './kept-records.ts';
import {
  emailPattern,
  opaqueToken,
  readOpaqueToken,
  secondsApart,
  startEmulatorServer,
  type EmulatorAnswer,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.ts';
import {
  createShopifyTokens,
  shopifyTokenPath,
  type ShopifyTokenOptions,
  type ShopifyTokens,
} from './shopify-token-endpoint.ts';

export type ShopifyKind = 'customers' | 'orders' | 'products';
export type ShopifyRecord = { id: number; created_at: string; updated_at: string } & Record<string, unknown>;

const singular = { customers: 'customer', orders: 'order', products: 'product' } as const;
const maxLimit = 250;
/** The shop's zone: Shopify writes times in it (`2026-01-02T03:04:05-05:00`). */
const shopOffsetMinutes = -5 * 60;

function shopTime(ms: number): string {
  const local = new Date(ms + shopOffsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = shopOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(shopOffsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The fields a write may set; others are ignored by Shopify's REST resources, as here. */
const writable: Record<ShopifyKind, readonly string[]> = {
  customers: ['email', 'first_name', 'last_name', 'phone', 'tags', 'note', 'verified_email', 'addresses'],
  orders: ['email', 'line_items', 'financial_status', 'currency', 'note', 'tags', 'customer'],
  products: ['title', 'handle', 'body_html', 'vendor', 'product_type', 'status', 'tags', 'variants'],
};

/** The emulator's data, reachable from tests (seed, change at the source, delete). */
export class ShopifyStore extends KeptRecords<ShopifyKind, ShopifyRecord, 'nextId' | 'orderNumber'> {
  constructor() {
    super(['customers', 'orders', 'products'], { nextId: 1_000_001, orderNumber: 1001 });
  }

  add(kind: ShopifyKind, fields: Record<string, unknown>, at = this.now()): ShopifyRecord {
    this.changes++;
    const stamp = shopTime(at);
    const extra: Record<string, unknown> =
      kind === 'orders'
        ? {
            order_number: this.peek('orderNumber'),
            name: `#${this.next('orderNumber')}`,
            cancelled_at: null,
            closed_at: null,
          }
        : kind === 'products'
          ? { handle: handleOf(String(fields.handle ?? fields.title ?? '')), status: 'active' }
          : { state: 'enabled', verified_email: true, tags: '' };
    const record: ShopifyRecord = {
      ...extra,
      ...fields,
      id: this.next('nextId'),
      created_at: stamp,
      updated_at: stamp,
    };
    if (kind === 'orders') record.total_price = totalOf(record.line_items);
    this.items[kind].set(record.id, record);
    return record;
  }

  change(kind: ShopifyKind, id: number, fields: Record<string, unknown>, at = this.now()): ShopifyRecord {
    const record = this.items[kind].get(id);
    if (!record) throw new Error(`No ${kind} ${id}`);
    this.changes++;
    Object.assign(record, fields, { updated_at: shopTime(at) });
    if (kind === 'orders' && fields.line_items) record.total_price = totalOf(record.line_items);
    return record;
  }

  remove(kind: ShopifyKind, id: number): void {
    this.changes++;
    this.items[kind].delete(id);
  }

  /** Records for tests, one second apart (`secondsApart`). */
  seed(kind: ShopifyKind, count: number, endsAgoMs?: number): ShopifyRecord[] {
    return secondsApart(count, endsAgoMs).map((at, i) => this.add(kind, sampleFields(kind, i + 1), at));
  }

  findCustomerByEmail(email: string): ShopifyRecord | undefined {
    const wanted = email.toLowerCase();
    for (const c of this.items.customers.values())
      if (String(c.email ?? '').toLowerCase() === wanted) return c;
    return undefined;
  }
}

const handleOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function totalOf(lineItems: unknown): string {
  const items = Array.isArray(lineItems) ? (lineItems as { price?: unknown; quantity?: unknown }[]) : [];
  return items.reduce((sum, li) => sum + Number(li.price ?? 0) * Number(li.quantity ?? 1), 0).toFixed(2);
}

export function sampleFields(kind: ShopifyKind, i: number): Record<string, unknown> {
  if (kind === 'customers')
    return { email: `shopper${i}@example.com`, first_name: 'Shopper', last_name: String(i), phone: null };
  if (kind === 'products')
    return { title: `Product ${i}`, vendor: 'Acme', variants: [{ sku: `SKU-${i}`, price: `${i}.00` }] };
  return {
    email: `shopper${i}@example.com`,
    financial_status: 'paid',
    currency: 'EUR',
    line_items: [{ title: `Product ${i}`, quantity: 1, price: `${i}.00`, sku: `SKU-${i}` }],
  };
}

export interface ShopifyEmulatorOptions extends ShopifyTokenOptions {
  port?: number;
  /** Legacy custom apps' Admin API access tokens (X-Shopify-Access-Token), valid forever. */
  tokens?: string[];
  /** The bucket: 40 requests, leaking 2 a second (Standard plan), approximated as a 20-second window. */
  rateLimit?: { requests: number; perMs: number };
}

export interface ShopifyEmulator extends RunningEmulator {
  store: ShopifyStore;
  /** The client-credentials token endpoint: what it answered, and a switch to expire every token bought. */
  signIn: Pick<ShopifyTokens, 'requests' | 'expireAll'>;
}

/** page_info: opaque to clients; here the query's filters and the last id read, base64url JSON. */
type PageInfo = { after: number; filters: Record<string, string> };
function decodePageInfo(text: string): PageInfo | undefined {
  const info = readOpaqueToken(text) as PageInfo | undefined;
  return info && Number.isSafeInteger(info.after) && typeof info.filters === 'object' ? info : undefined;
}

export async function startShopifyEmulator(options: ShopifyEmulatorOptions = {}): Promise<ShopifyEmulator> {
  const store = new ShopifyStore();
  const tokens = new Set(options.tokens ?? (options.clients ? [] : ['shpat_demo_token']));
  const bought = createShopifyTokens(options);
  const errors = (status: number, value: unknown): EmulatorAnswer => ({
    status,
    headers: { 'x-request-id': randomUUID() },
    body: { errors: value },
  });

  function handle(req: EmulatorRequest): EmulatorAnswer {
    if (req.path === shopifyTokenPath) return bought.answer(req);
    const token = req.headers['x-shopify-access-token'];
    if (typeof token !== 'string' || !(tokens.has(token) || bought.accepts(token)))
      return errors(401, '[API] Invalid API key or access token (unrecognized login or wrong password)');
    const route =
      /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/(customers|orders|products)(?:\/(search|\d+))?\.json$/.exec(
        req.path,
      );
    if (!route) return errors(404, 'Not Found');
    const kind = route[2] as ShopifyKind;
    const rest = route[3];
    if (rest === 'search' && kind === 'customers' && req.method === 'GET') return search(req);
    if (rest === undefined && req.method === 'GET') return list(kind, req);
    if (rest === undefined && req.method === 'POST') return write(kind, req, undefined);
    const found = rest === undefined ? undefined : store.items[kind].get(Number(rest));
    if (!found) return errors(404, 'Not Found');
    if (req.method === 'GET') return { status: 200, body: { [singular[kind]]: found } };
    if (req.method === 'PUT') return write(kind, req, found);
    if (req.method === 'DELETE') {
      store.remove(kind, found.id);
      return { status: 200, body: {}, wrote: true };
    }
    return errors(406, 'Not Acceptable');
  }

  function list(kind: ShopifyKind, req: EmulatorRequest): EmulatorAnswer {
    const query = req.query;
    const limit = Math.min(Number(query.get('limit') ?? 50), maxLimit);
    if (!Number.isInteger(limit) || limit < 1) return errors(400, { limit: 'Invalid limit' });
    const pageInfoText = query.get('page_info');
    let info: PageInfo;
    if (pageInfoText !== null) {
      const others = [...query.keys()].filter((k) => k !== 'page_info' && k !== 'limit' && k !== 'fields');
      if (others.length > 0)
        return errors(400, { page_info: `${others[0]} cannot be passed with page_info` });
      const decoded = decodePageInfo(pageInfoText);
      if (!decoded) return errors(400, { page_info: 'Invalid value.' });
      info = decoded;
    } else {
      const filters: Record<string, string> = {};
      for (const key of [
        'updated_at_min',
        'updated_at_max',
        'created_at_min',
        'status',
        'name',
        'handle',
        'ids',
      ])
        if (query.get(key) !== null) filters[key] = query.get(key)!;
      info = { after: 0, filters };
    }
    const f = info.filters;
    const min = f.updated_at_min === undefined ? undefined : Date.parse(f.updated_at_min);
    const max = f.updated_at_max === undefined ? undefined : Date.parse(f.updated_at_max);
    if (Number.isNaN(min) || Number.isNaN(max)) return errors(400, { updated_at_min: 'Invalid date' });
    const status = f.status ?? 'open';
    const all = [...store.items[kind].values()].filter((r) => {
      const updated = Date.parse(r.updated_at);
      if (min !== undefined && updated < min) return false;
      if (max !== undefined && updated > max) return false;
      if (kind === 'orders' && status !== 'any') {
        const state = r.cancelled_at ? 'cancelled' : r.closed_at ? 'closed' : 'open';
        if (state !== status) return false;
      }
      if (f.name !== undefined && r.name !== f.name) return false;
      if (f.handle !== undefined && !f.handle.split(',').includes(String(r.handle))) return false;
      return r.id > info.after;
    });
    all.sort((a, b) => a.id - b.id);
    const page = all.slice(0, limit);
    const headers: Record<string, string> = {};
    if (all.length > limit) {
      const next = opaqueToken({ after: page.at(-1)!.id, filters: f });
      const host = req.headers.host ?? '127.0.0.1';
      headers.link = `<http://${host}${req.path}?limit=${limit}&page_info=${next}>; rel="next"`;
    }
    return { status: 200, headers, body: { [kind]: page } };
  }

  function search(req: EmulatorRequest): EmulatorAnswer {
    const query = req.query.get('query') ?? '';
    const email = /^email:(\S+)$/.exec(query.trim());
    const found = email ? store.findCustomerByEmail(email[1]!) : undefined;
    return { status: 200, body: { customers: found ? [found] : [] } };
  }

  function write(
    kind: ShopifyKind,
    req: EmulatorRequest,
    existing: ShopifyRecord | undefined,
  ): EmulatorAnswer {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.bodyText || '{}') as Record<string, unknown>;
    } catch {
      return errors(400, 'Bad Request');
    }
    const input = body[singular[kind]];
    if (!input || typeof input !== 'object' || Array.isArray(input))
      return errors(400, { [singular[kind]]: 'Required parameter missing or invalid' });
    const fields = Object.fromEntries(
      Object.entries(input as Record<string, unknown>).filter(([k]) => writable[kind].includes(k)),
    );
    const problems = validate(kind, fields, existing);
    if (problems) return errors(422, problems);
    const record = existing ? store.change(kind, existing.id, fields) : store.add(kind, fields);
    return { status: existing ? 200 : 201, wrote: true, body: { [singular[kind]]: record } };
  }

  function validate(
    kind: ShopifyKind,
    fields: Record<string, unknown>,
    existing: ShopifyRecord | undefined,
  ): Record<string, string[]> | undefined {
    if (kind === 'customers') {
      const email = fields.email;
      if (email !== undefined && email !== null && email !== '') {
        if (!emailPattern.test(String(email))) return { email: ['is invalid'] };
        const holder = store.findCustomerByEmail(String(email));
        if (holder && holder.id !== existing?.id) return { email: ['has already been taken'] };
      }
    }
    if (kind === 'products' && !existing && (typeof fields.title !== 'string' || fields.title === ''))
      return { title: ["can't be blank"] };
    if (
      kind === 'orders' &&
      !existing &&
      (!Array.isArray(fields.line_items) || fields.line_items.length === 0)
    )
      return { line_items: ['must have at least one line item'] };
    return undefined;
  }

  const running = await startEmulatorServer(
    {
      handle,
      signIn: (path) => path === shopifyTokenPath,
      // A record's page in the shop's admin: admin.shopify.com/store/<shop>/customers/<id> (orders, products alike).
      recordPage(path) {
        const match = /^\/store\/[^/]+\/(customers|orders|products)\/(\d+)$/.exec(path);
        if (!match) return undefined;
        const record = store.items[match[1] as ShopifyKind].get(Number(match[2]));
        if (!record) return null;
        return { title: String(record.title ?? record.name ?? record.email ?? record.id), fields: record };
      },
      rateLimited: (retryAfterMs) => ({
        status: 429,
        headers: { 'retry-after': (Math.max(1, Math.ceil(retryAfterMs / 1000)) + 0).toFixed(1) },
        body: {
          errors:
            'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
        },
      }),
      serverError: (status) =>
        errors(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error'),
      expiredToken: () =>
        errors(401, '[API] Invalid API key or access token (unrecognized login or wrong password)'),
      rateHeaders: (remaining, limit) => ({
        'x-shopify-shop-api-call-limit': `${Math.min(limit.requests, limit.requests - remaining)}/${limit.requests}`,
      }),
    },
    { port: options.port, rateLimit: options.rateLimit ?? { requests: 40, perMs: 20_000 } },
  );
  return { ...running, store, signIn: bought };
}
