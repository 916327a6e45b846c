import { describe, expect, it } from 'vitest';
import { emulatorPerTest, jsonAnswer } from '../../testing/emulator-test-kit.ts';
import { startShopifyEmulator } from './shopify-emulator.ts';

// What the contract kit does not reach: Shopify's own wire details.

const token = 'shpat_test';
const base = '/admin/api/2025-07';
const emulator = emulatorPerTest(startShopifyEmulator);
const call = async (path: string, init: RequestInit = {}, headers: Record<string, string> = {}) =>
  jsonAnswer(
    await fetch(path.startsWith('http') ? path : `${emulator.url()}${base}${path}`, {
      ...init,
      headers: { 'x-shopify-access-token': token, 'content-type': 'application/json', ...headers },
    }),
  );

describe('the Shopify emulator', () => {
  it('refuses a wrong token with its 401 text', async () => {
    await emulator.start({ tokens: [token] });
    expect(await call('/customers.json', {}, { 'x-shopify-access-token': 'shpat_wrong' })).toMatchObject({
      status: 401,
      body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' },
    });
  });

  it('pages by Link header, at most 250 a page, and allows only limit beside page_info', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed('products', 260);
    const first = await call('/products.json?limit=500');
    expect(first.body.products).toHaveLength(250);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')![1]!;
    expect(new URL(next).searchParams.get('limit')).toBe('250');
    const last = await call(next);
    expect(last.body.products).toHaveLength(10);
    expect(last.headers.get('link')).toBeNull();
    const mixed = await call(`${next}&updated_at_min=2026-01-01T00:00:00Z`);
    expect(mixed).toMatchObject({ status: 400, body: { errors: { page_info: expect.any(String) } } });
  });

  it('lists open orders unless asked for any, and writes times in the shop offset', async () => {
    const running = await emulator.start({ tokens: [token] });
    const [open, closed] = running.store.seed('orders', 2);
    running.store.change('orders', closed!.id, { closed_at: '2026-01-01T00:00:00-05:00' });
    expect((await call('/orders.json')).body.orders.map((o: { id: number }) => o.id)).toEqual([open!.id]);
    expect((await call('/orders.json?status=any')).body.orders).toHaveLength(2);
    expect(open!.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-05:00$/);
  });

  it('answers 422 with errors by field, and 201 with the created customer', async () => {
    await emulator.start({ tokens: [token] });
    const created = await call('/customers.json', {
      method: 'POST',
      body: JSON.stringify({ customer: { email: 'jo@example.com', first_name: 'Jo' } }),
    });
    expect(created).toMatchObject({
      status: 201,
      body: { customer: { email: 'jo@example.com', state: 'enabled' } },
    });
    const twin = await call('/customers.json', {
      method: 'POST',
      body: JSON.stringify({ customer: { email: 'jo@example.com' } }),
    });
    expect(twin).toMatchObject({ status: 422, body: { errors: { email: ['has already been taken'] } } });
    const bare = await call('/customers.json', {
      method: 'POST',
      body: JSON.stringify({ email: 'x@example.com' }),
    });
    expect(bare).toMatchObject({
      status: 400,
      body: { errors: { customer: 'Required parameter missing or invalid' } },
    });
  });

  it('shows its bucket in X-Shopify-Shop-Api-Call-Limit and answers 429 with Retry-After in decimal seconds', async () => {
    const running = await emulator.start({ tokens: [token], rateLimit: { requests: 2, perMs: 20_000 } });
    expect((await call('/customers.json')).headers.get('x-shopify-shop-api-call-limit')).toBe('1/2');
    await call('/customers.json');
    const limited = await call('/customers.json');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+\.0$/);
    expect(limited.headers.get('x-shopify-shop-api-call-limit')).toBe('2/2');
    expect(running.stats.answered429).toBe(1);
  });

  describe('the client-credentials token endpoint (Dev Dashboard apps)', () => {
    const clients = { 'client-1': 'shpss_right' };
    const buy = (fields: Record<string, string>, type = 'application/x-www-form-urlencoded') =>
      call(
        `${emulator.url()}/admin/oauth/access_token`,
        {
          method: 'POST',
          body: type.includes('json') ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
        },
        { 'content-type': type, 'x-shopify-access-token': '' },
      );
    const grant = { grant_type: 'client_credentials', client_id: 'client-1', client_secret: 'shpss_right' };

    it('sells a 24-hour token for the client id and secret, form-encoded or JSON, that the API then accepts', async () => {
      const running = await emulator.start({ clients });
      const bought = await buy(grant);
      expect(bought).toMatchObject({
        status: 200,
        body: {
          access_token: expect.stringMatching(/^shpat_/),
          scope: expect.any(String),
          expires_in: 86399,
        },
      });
      expect(bought.body.token_type).toBeUndefined();
      const listed = await call(
        '/customers.json',
        {},
        { 'x-shopify-access-token': bought.body.access_token },
      );
      expect(listed.status).toBe(200);
      expect((await buy(grant, 'application/json')).status).toBe(200);
      expect(running.signIn.requests).toEqual({ issued: 2, refused: 0 });
    });

    it('refuses a wrong secret or another grant in the OAuth error body, and buys nothing', async () => {
      const running = await emulator.start({ clients });
      expect(await buy({ ...grant, client_secret: 'shpss_wrong' })).toMatchObject({
        status: 400,
        body: { error: 'invalid_client', error_description: expect.any(String) },
      });
      expect(await buy({ ...grant, grant_type: 'authorization_code' })).toMatchObject({
        status: 400,
        body: { error: 'unsupported_grant_type' },
      });
      expect(await buy({ grant_type: 'client_credentials', client_id: 'client-1' })).toMatchObject({
        status: 400,
        body: { error: 'invalid_request' },
      });
      expect(running.signIn.requests).toEqual({ issued: 0, refused: 3 });
    });

    it('refuses an expired token with the 401 of a wrong one, and a new token works', async () => {
      let now = Date.parse('2026-03-01T00:00:00Z');
      const running = await emulator.start({ clients, now: () => now });
      const first = (await buy(grant)).body.access_token as string;
      now += 86_399_000;
      expect(await call('/customers.json', {}, { 'x-shopify-access-token': first })).toMatchObject({
        status: 401,
        body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' },
      });
      const second = (await buy(grant)).body.access_token as string;
      expect((await call('/customers.json', {}, { 'x-shopify-access-token': second })).status).toBe(200);
      running.signIn.expireAll();
      expect((await call('/customers.json', {}, { 'x-shopify-access-token': second })).status).toBe(401);
    });

    it('is outside the API bucket and the expired-token fault: the secret still buys a token', async () => {
      const running = await emulator.start({ clients, rateLimit: { requests: 1, perMs: 20_000 } });
      running.faults.set({ expiredToken: true });
      expect((await buy(grant)).status).toBe(200);
      expect((await buy(grant)).status).toBe(200);
      expect(running.stats.answered429).toBe(0);
    });
  });
});
