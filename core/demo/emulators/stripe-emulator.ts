// A Stripe customers emulator on 127.0.0.1, after Stripe's public docs:
// https://docs.stripe.com/api/customers (object, create/update form-encoded, list, search)
// https://docs.stripe.com/api/pagination (starting_after, has_more, newest first)
// https://docs.stripe.com/api/idempotent_requests (Idempotency-Key replay for 24 h, mismatch error)
// https://docs.stripe.com/api/errors and https://docs.stripe.com/rate-limits (error object, 429 rate_limit)
// https://docs.stripe.com/api/customers/delete (permanent; a GET then answers { id, object, deleted: true },
//   which APIS.md marks unconfirmed) and https://docs.stripe.com/api/events (the feed of changes: stripe-objects.ts)
import { createHash, randomUUID } from 'node:crypto';
import {
  emailPattern,
  startEmulatorServer,
  type EmulatorAnswer,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.ts';
import { parseForm, seconds, StripeStore, type StripeCustomer, type StripeProduct } from './stripe-store.ts';

export {
  parseForm,
  StripeStore,
  type StripeCustomer,
  type StripeInvoice,
  type StripeProduct,
} from './stripe-store.ts';

export interface StripeEmulatorOptions {
  port?: number;
  /** Valid secret keys (Bearer, or basic with the key as user). */
  keys?: string[];
  rateLimit?: { requests: number; perMs: number };
}

export interface StripeEmulator extends RunningEmulator {
  store: StripeStore;
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const store = new StripeStore();
  const keys = new Set(options.keys ?? ['sk_test_demo_key']);
  const idempotency = new Map<string, { fingerprint: string; answer: EmulatorAnswer; at: number }>();
  const error = (status: number, fields: Record<string, string>): EmulatorAnswer => ({
    status,
    headers: { 'request-id': `req_${randomUUID().slice(0, 14)}` },
    body: { error: { ...fields, request_log_url: 'https://dashboard.stripe.com/test/logs' } },
  });

  function keyOf(req: EmulatorRequest): string | undefined {
    const auth = req.headers.authorization ?? '';
    if (auth.startsWith('Bearer ')) return auth.slice(7);
    if (auth.startsWith('Basic ')) return Buffer.from(auth.slice(6), 'base64').toString().split(':')[0];
    return undefined;
  }

  function handle(req: EmulatorRequest): EmulatorAnswer {
    const key = keyOf(req);
    if (!key || !keys.has(key)) {
      // Stripe shows the key's prefix and last four characters; a short key is masked whole so it never echoes back.
      const masked =
        key && key.length > 12
          ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`
          : '*'.repeat(key?.length ?? 0);
      return error(401, {
        type: 'invalid_request_error',
        message: key
          ? `Invalid API Key provided: ${masked}`
          : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      });
    }
    if (req.method === 'POST') {
      if ((req.headers['content-type'] ?? '').includes('application/json')) {
        return error(400, {
          type: 'invalid_request_error',
          message:
            'Invalid request (check that your POST content type is application/x-www-form-urlencoded).',
        });
      }
      const idemKey = req.headers['idempotency-key'];
      if (typeof idemKey === 'string') {
        const fingerprint = createHash('sha256').update(`${req.path}\n${req.bodyText}`).digest('hex');
        const seen = idempotency.get(idemKey);
        if (seen && Date.now() - seen.at < 24 * 3_600_000) {
          if (seen.fingerprint !== fingerprint) {
            return error(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            });
          }
          return {
            ...seen.answer,
            wrote: false,
            headers: { ...seen.answer.headers, 'idempotent-replayed': 'true' },
          };
        }
        const answer = write(req);
        if (answer.status < 500) idempotency.set(idemKey, { fingerprint, answer, at: Date.now() });
        return answer;
      }
      return write(req);
    }
    if (req.method === 'GET' && req.path === '/v1/customers') return list(req.query);
    const one = /^\/v1\/customers\/(cus_[A-Za-z0-9]+)$/.exec(req.path);
    if (req.method === 'GET' && one) {
      const found = store.byId.get(one[1]!);
      if (found && store.deleted.has(found.customer.id))
        return { status: 200, body: { id: found.customer.id, object: 'customer', deleted: true } };
      return found ? { status: 200, body: found.customer } : missing(one[1]!);
    }
    if (req.method === 'DELETE' && one) {
      const id = one[1]!;
      return store.remove(id)
        ? { status: 200, wrote: true, body: { id, object: 'customer', deleted: true } }
        : missing(id);
    }
    if (req.method === 'GET' && req.path === '/v1/events')
      return listed(req.query, '/v1/events', (limit) => store.events.list(req.query, limit));
    const other = objectRoutes(req);
    if (other) return other;
    return error(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${req.method}: ${req.path}).`,
    });
  }

  const missing = (id: string, kind = 'customer') =>
    error(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: `No such ${kind}: '${id}'`,
    });

  const badLimit = () =>
    error(400, {
      type: 'invalid_request_error',
      param: 'limit',
      message: 'Invalid limit: must be between 1 and 100',
    });

  /** A Stripe list answer (`{ object: 'list', data, has_more }`) from a newest-first listing. */
  function listed(
    query: URLSearchParams,
    url: string,
    read: (limit: number) => { data: unknown[]; hasMore: boolean } | 'unknown-anchor',
  ): EmulatorAnswer {
    const limit = Number(query.get('limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return badLimit();
    const page = read(limit);
    if (page === 'unknown-anchor') return missing(query.get('starting_after')!, 'object');
    return { status: 200, body: { object: 'list', data: page.data, has_more: page.hasMore, url } };
  }

  /** Products (read, create with a chosen id, update, delete) and invoices (read). */
  function objectRoutes(req: EmulatorRequest): EmulatorAnswer | undefined {
    const q = req.query;
    if (req.method === 'GET' && req.path === '/v1/products') {
      const active = q.get('active');
      return listed(q, '/v1/products', (limit) =>
        store.products.list(limit, q.get('starting_after'), q.get('created[gte]'), (p) =>
          active === null ? true : String(p.active) === active,
        ),
      );
    }
    if (req.method === 'GET' && req.path === '/v1/invoices') {
      const customer = q.get('customer');
      const status = q.get('status');
      return listed(q, '/v1/invoices', (limit) =>
        store.invoices.list(
          limit,
          q.get('starting_after'),
          q.get('created[gte]'),
          (i) => (customer === null || i.customer === customer) && (status === null || i.status === status),
        ),
      );
    }
    const product = /^\/v1\/products\/([^/]+)$/.exec(req.path);
    const productId = product ? decodeURIComponent(product[1]!) : undefined;
    if (productId && req.method === 'GET') {
      const found = store.products.live(productId);
      return found ? { status: 200, body: found } : missing(productId, 'product');
    }
    if (productId && req.method === 'DELETE')
      return store.products.remove(productId)
        ? { status: 200, wrote: true, body: { id: productId, object: 'product', deleted: true } }
        : missing(productId, 'product');
    const invoice = /^\/v1\/invoices\/([^/]+)$/.exec(req.path);
    if (invoice && req.method === 'GET') {
      const found = store.invoices.live(decodeURIComponent(invoice[1]!));
      return found ? { status: 200, body: found } : missing(decodeURIComponent(invoice[1]!), 'invoice');
    }
    return undefined;
  }

  /** Refuses the parameters a product does not take, in Stripe's words. */
  function unknownParameter(
    fields: Record<string, unknown>,
    known: readonly string[],
  ): EmulatorAnswer | undefined {
    const unknown = Object.keys(fields).find((k) => !known.includes(k));
    return unknown
      ? error(400, {
          type: 'invalid_request_error',
          code: 'parameter_unknown',
          param: unknown,
          message: `Received unknown parameter: ${unknown}`,
        })
      : undefined;
  }

  function writeProduct(req: EmulatorRequest, fields: Record<string, unknown>): EmulatorAnswer {
    const changes: Partial<StripeProduct> = {
      ...(fields.name !== undefined ? { name: String(fields.name) } : {}),
      ...(fields.description !== undefined ? { description: String(fields.description) || null } : {}),
      ...(fields.active !== undefined ? { active: fields.active !== 'false' } : {}),
      ...(fields.metadata !== undefined ? { metadata: fields.metadata as Record<string, string> } : {}),
    };
    if (req.path === '/v1/products') {
      const refused = unknownParameter(fields, ['id', 'name', 'description', 'active', 'metadata']);
      if (refused) return refused;
      if (!changes.name)
        return error(400, {
          type: 'invalid_request_error',
          code: 'parameter_missing',
          param: 'name',
          message: 'Missing required param: name.',
        });
      const id =
        typeof fields.id === 'string' && fields.id !== '' ? fields.id : `prod_${randomUUID().slice(0, 14)}`;
      if (store.products.byId.has(id))
        return error(400, {
          type: 'invalid_request_error',
          code: 'resource_already_exists',
          param: 'id',
          message: 'Product already exists.',
        });
      const made = store.products.add({
        id,
        object: 'product',
        active: changes.active ?? true,
        name: changes.name,
        description: changes.description ?? null,
        metadata: changes.metadata ?? {},
        updated: seconds(),
        livemode: false,
      });
      return { status: 200, wrote: true, body: made };
    }
    const id = decodeURIComponent(req.path.slice('/v1/products/'.length));
    const refused = unknownParameter(fields, ['name', 'description', 'active', 'metadata']);
    if (refused) return refused;
    if (changes.name === '')
      return error(400, {
        type: 'invalid_request_error',
        param: 'name',
        message: 'You cannot unset the name of a product.',
      });
    const found = store.products.live(id);
    if (!found) return missing(id, 'product');
    const metadata = changes.metadata ? { metadata: { ...found.metadata, ...changes.metadata } } : {};
    return { status: 200, wrote: true, body: store.products.update(id, { ...changes, ...metadata }) };
  }

  function write(req: EmulatorRequest): EmulatorAnswer {
    const fields = parseForm(req.bodyText);
    if (/^\/v1\/products(\/[^/]+)?$/.test(req.path)) return writeProduct(req, fields);
    if (fields.email !== undefined && fields.email !== '' && !emailPattern.test(String(fields.email))) {
      return error(400, {
        type: 'invalid_request_error',
        code: 'email_invalid',
        param: 'email',
        message: `Invalid email address: ${String(fields.email)}`,
      });
    }
    const known = new Set(['email', 'name', 'phone', 'description', 'metadata']);
    const unknown = Object.keys(fields).find((k) => !known.has(k));
    if (unknown)
      return error(400, {
        type: 'invalid_request_error',
        code: 'parameter_unknown',
        param: unknown,
        message: `Received unknown parameter: ${unknown}`,
      });
    if (req.path === '/v1/customers')
      return { status: 200, wrote: true, body: store.create(fields as Partial<StripeCustomer>) };
    const one = /^\/v1\/customers\/(cus_[A-Za-z0-9]+)$/.exec(req.path);
    const customer = one ? store.live(one[1]!) : undefined;
    const found = customer ? store.byId.get(customer.id) : undefined;
    if (!found)
      return one
        ? missing(one[1]!)
        : error(404, {
            type: 'invalid_request_error',
            message: `Unrecognized request URL (POST: ${req.path}).`,
          });
    return {
      status: 200,
      wrote: true,
      body: store.update(found.customer, fields as Partial<StripeCustomer>),
    };
  }

  function list(query: URLSearchParams): EmulatorAnswer {
    const limit = Number(query.get('limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return error(400, {
        type: 'invalid_request_error',
        param: 'limit',
        message: 'Invalid limit: must be between 1 and 100',
      });
    }
    const createdGte = query.get('created[gte]');
    const email = query.get('email');
    const startingAfter = query.get('starting_after');
    let start = store.ordered.length - 1;
    if (startingAfter) {
      const anchor = store.byId.get(startingAfter);
      if (!anchor) return missing(startingAfter);
      start = anchor.index - 1;
    }
    const data: StripeCustomer[] = [];
    let hasMore = false;
    const candidates = email
      ? store.withEmail(email).filter((c) => !startingAfter || store.byId.get(c.id)!.index <= start)
      : undefined;
    const matches = (c: StripeCustomer) => createdGte === null || c.created >= Number(createdGte);
    if (candidates) {
      const all = candidates.filter(matches);
      data.push(...all.slice(0, limit));
      hasMore = all.length > limit;
    } else {
      for (let i = start; i >= 0; i--) {
        const c = store.ordered[i]!;
        if (createdGte !== null && c.created < Number(createdGte)) break; // older from here on
        if (store.deleted.has(c.id)) continue;
        if (data.length === limit) {
          hasMore = true;
          break;
        }
        data.push(c);
      }
    }
    return { status: 200, body: { object: 'list', data, has_more: hasMore, url: '/v1/customers' } };
  }

  const running = await startEmulatorServer(
    {
      handle,
      // A customer's page in the Stripe Dashboard: /customers/<id>.
      recordPage(path) {
        const match = /^\/customers\/([^/]+)$/.exec(path);
        if (!match) return undefined;
        const found = store.byId.get(decodeURIComponent(match[1]!));
        if (!found) return null;
        const { customer } = found;
        return {
          title: customer.name ?? customer.email ?? customer.id,
          fields: { ID: customer.id, Email: customer.email, Name: customer.name, Phone: customer.phone },
        };
      },
      rateLimited: () =>
        error(429, {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message:
            'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
        }),
      serverError: (status) => error(status, { type: 'api_error', message: 'An unknown error occurred' }),
      expiredToken: () =>
        error(401, {
          type: 'invalid_request_error',
          code: 'api_key_expired',
          message: 'Expired API Key provided: sk_test_****',
        }),
    },
    { port: options.port, rateLimit: options.rateLimit ?? { requests: 100, perMs: 1000 } },
  );
  return { ...running, store };
}
