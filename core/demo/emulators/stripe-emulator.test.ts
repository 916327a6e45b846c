import { describe, expect, it } from 'vitest';
import { emulatorPerTest, jsonAnswer, type JsonAnswer } from '../../testing/emulator-test-kit.ts';
import { parseForm, startStripeEmulator, type StripeEmulatorOptions } from './stripe-emulator.ts';

const key = 'sk_test_emulator_4eC39HqLyjWDarjtT1zdp7dc';
const emulator = emulatorPerTest((options?: StripeEmulatorOptions) =>
  startStripeEmulator({ keys: [key], rateLimit: { requests: 10_000, perMs: 1000 }, ...options }),
);
const { start } = emulator;

async function call(
  path: string,
  init: { form?: string; json?: unknown; auth?: string | null; idempotencyKey?: string } = {},
): Promise<JsonAnswer> {
  const auth = init.auth === undefined ? `Bearer ${key}` : init.auth;
  const body = init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json));
  const response = await fetch(`${emulator.url()}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(init.form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
    },
    ...(body === undefined ? {} : { body }),
  });
  return jsonAnswer(response);
}

describe('the Stripe emulator', () => {
  it("serves a customer's Dashboard page (what a record link opens), escaped, and 404 for an unknown one", async () => {
    await start();
    const created = await call('/v1/customers', {
      form: 'email=ann%40example.com&name=%3Cb%3EAnn%3C%2Fb%3E',
    });
    const page = await fetch(`${emulator.url()}/customers/${created.body.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html;charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<h1>&#60;b&#62;Ann&#60;/b&#62;</h1>');
    expect(html).toContain('ann@example.com');
    expect((await fetch(`${emulator.url()}/customers/cus_nobody`)).status).toBe(404);
  });

  it("answers a missing or unknown key with Stripe's 401, never echoing the key", async () => {
    await start();
    const none = await call('/v1/customers', { auth: null });
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringContaining('You did not provide an API key'),
    });
    const wrongKey = 'sk_test_wrongwrongwrong9876';
    const wrong = await call('/v1/customers', { auth: `Bearer ${wrongKey}` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toMatch(/^Invalid API Key provided: sk_test_\*+9876$/);
    expect(wrong.body.error.message).not.toContain(wrongKey);
    const short = await call('/v1/customers', { auth: 'Bearer hunter2' });
    expect(short.body.error.message).toBe('Invalid API Key provided: *******');
  });

  it('accepts the key as a bearer token or as the basic-auth user', async () => {
    await start();
    expect((await call('/v1/customers', { auth: `Basic ${btoa(`${key}:`)}` })).status).toBe(200);
    expect((await call('/v1/customers')).status).toBe(200);
  });

  it('lists newest first and pages with starting_after while has_more', async () => {
    const s = await start();
    for (let i = 1; i <= 25; i++) s.store.create({ email: `c${i}@example.com` });
    const first = await call('/v1/customers?limit=10');
    expect(first.body).toMatchObject({ object: 'list', has_more: true, url: '/v1/customers' });
    expect(first.body.data[0].email).toBe('c25@example.com');
    const emails: string[] = [];
    let startingAfter: string | undefined;
    let hasMore = true;
    while (hasMore) {
      const page = await call(
        `/v1/customers?limit=10${startingAfter ? `&starting_after=${startingAfter}` : ''}`,
      );
      emails.push(...page.body.data.map((c: { email: string }) => c.email));
      startingAfter = page.body.data.at(-1)?.id;
      hasMore = page.body.has_more;
    }
    expect(emails).toEqual(Array.from({ length: 25 }, (_, i) => `c${25 - i}@example.com`));
  });

  it('refuses a limit above 100 and an unknown starting_after', async () => {
    await start();
    expect((await call('/v1/customers?limit=101')).body.error).toMatchObject({ param: 'limit' });
    const unknown = await call('/v1/customers?starting_after=cus_nothere');
    expect(unknown.body.error).toMatchObject({ code: 'resource_missing' });
  });

  it('filters on created[gte] and on an exact, case-sensitive email', async () => {
    const s = await start();
    const old = s.store.create({ email: 'old@example.com' });
    old.created = 1_600_000_000;
    s.store.create({ email: 'Ann@example.com' });
    s.store.create({ email: 'ann@example.com' });
    s.store.create({ email: 'ann@example.com' });
    const recent = await call('/v1/customers?created[gte]=1700000000');
    expect(recent.body.data.map((c: { email: string }) => c.email)).toEqual([
      'ann@example.com',
      'ann@example.com',
      'Ann@example.com',
    ]);
    const anns = await call('/v1/customers?email=ann@example.com&limit=1');
    expect(anns.body.data).toHaveLength(1);
    expect(anns.body.data[0].email).toBe('ann@example.com');
    expect(anns.body.has_more).toBe(true);
    const rest = await call(`/v1/customers?email=ann@example.com&starting_after=${anns.body.data[0].id}`);
    expect(rest.body).toMatchObject({ has_more: false, data: [{ email: 'ann@example.com' }] });
  });

  it('creates from a form-encoded body, with bracketed metadata', async () => {
    const s = await start();
    const created = await call('/v1/customers', {
      form: 'email=jo%40example.com&name=Jo+Bloggs&metadata[hubspot_id]=42&metadata[plan]=gold',
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      object: 'customer',
      email: 'jo@example.com',
      name: 'Jo Bloggs',
      metadata: { hubspot_id: '42', plan: 'gold' },
    });
    expect(created.body.id).toMatch(/^cus_/);
    const updated = await call(`/v1/customers/${created.body.id}`, {
      form: 'name=Jo+B&metadata[plan]=silver',
    });
    expect(updated.body).toMatchObject({ name: 'Jo B', metadata: { hubspot_id: '42', plan: 'silver' } });
    const read = await call(`/v1/customers/${created.body.id}`);
    expect(read.body).toEqual(updated.body);
    expect(s.store.ordered).toHaveLength(1);
  });

  it('refuses a JSON body, as Stripe does', async () => {
    const s = await start();
    const answer = await call('/v1/customers', { json: { email: 'jo@example.com' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringContaining('application/x-www-form-urlencoded'),
    });
    expect(s.store.ordered).toHaveLength(0);
  });

  it('refuses a bad email and an unknown parameter with the field named', async () => {
    const s = await start();
    const bad = await call('/v1/customers', { form: 'email=not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'email_invalid',
      param: 'email',
      message: 'Invalid email address: not-an-email',
    });
    const unknown = await call('/v1/customers', { form: 'nickname=Jo' });
    expect(unknown.body.error).toMatchObject({ code: 'parameter_unknown', param: 'nickname' });
    expect(s.store.ordered).toHaveLength(0);
  });

  it('replays the first answer for a reused Idempotency-Key, and refuses it with other parameters', async () => {
    const s = await start();
    const first = await call('/v1/customers', { form: 'email=jo%40example.com', idempotencyKey: 'key-1' });
    const again = await call('/v1/customers', { form: 'email=jo%40example.com', idempotencyKey: 'key-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(s.store.ordered).toHaveLength(1);

    const other = await call('/v1/customers', {
      form: 'email=someone%40example.com',
      idempotencyKey: 'key-1',
    });
    expect(other.status).toBe(400);
    expect(other.body.error).toMatchObject({
      type: 'idempotency_error',
      message: expect.stringContaining('can only be used with the same parameters'),
    });
    expect(s.store.ordered).toHaveLength(1);

    await call('/v1/customers', { form: 'email=jo%40example.com', idempotencyKey: 'key-2' });
    expect(s.store.ordered).toHaveLength(2);
  });

  it('replays a validation error for its key too, rather than running the request again', async () => {
    const s = await start();
    const bad = await call('/v1/customers', { form: 'email=nope', idempotencyKey: 'key-bad' });
    const again = await call('/v1/customers', { form: 'email=nope', idempotencyKey: 'key-bad' });
    expect([bad.status, again.status]).toEqual([400, 400]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(s.store.ordered).toHaveLength(0);
  });

  it('answers 404 resource_missing for a customer it does not have', async () => {
    await start();
    const missing = await call('/v1/customers/cus_nothere');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'resource_missing', param: 'id' });
  });

  it("answers 429 with Stripe's rate_limit error past its rate", async () => {
    const s = await start({ rateLimit: { requests: 2, perMs: 60_000 } });
    expect((await call('/v1/customers')).status).toBe(200);
    expect((await call('/v1/customers')).status).toBe(200);
    const limited = await call('/v1/customers');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({
      code: 'rate_limit',
      message: expect.stringContaining('rate limit'),
    });
    expect(s.stats.answered429).toBe(1);
  });
});

describe('parseForm', () => {
  it('reads bracketed keys into objects', () => {
    expect(parseForm('email=a%40b.co&metadata[x]=1&metadata[y]=two+words')).toEqual({
      email: 'a@b.co',
      metadata: { x: '1', y: 'two words' },
    });
  });

  it('keeps "__proto__" as a field, never writing onto Object.prototype (issue 16)', () => {
    const fields = parseForm('__proto__[baseUrl]=http%3A%2F%2Fattacker.example&constructor[x]=1');
    expect(({} as Record<string, unknown>).baseUrl).toBeUndefined();
    expect(Object.keys(fields)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(fields, '__proto__')?.value).toEqual({
      baseUrl: 'http://attacker.example',
    });
  });
});
