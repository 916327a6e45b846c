import { describe, expect, it } from 'vitest';
import { emulatorPerTest, jsonAnswer, type JsonAnswer } from '../../testing/emulator-test-kit.ts';
import { startHubSpotEmulator, type HubSpotEmulatorOptions } from './hubspot-emulator.ts';

const token = 'pat-na1-test-token';
const emulator = emulatorPerTest((options?: HubSpotEmulatorOptions) =>
  startHubSpotEmulator({ tokens: [token], rateLimit: { requests: 10_000, perMs: 10_000 }, ...options }),
);
const { start } = emulator;

async function call(
  path: string,
  init: { method?: string; body?: unknown; auth?: string | null } = {},
): Promise<JsonAnswer> {
  const auth = init.auth === undefined ? `Bearer ${token}` : init.auth;
  const response = await fetch(`${emulator.url()}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  return jsonAnswer(response);
}

const search = (body: object) => call('/crm/v3/objects/contacts/search', { body });

describe('the HubSpot emulator', () => {
  it('answers a missing or wrong token with HubSpot 401 body', async () => {
    await start();
    for (const auth of [null, 'Bearer pat-na1-wrong', `Basic ${btoa(`x:${token}`)}`]) {
      const answer = await call('/crm/v3/objects/contacts', { auth });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({
        status: 'error',
        category: 'INVALID_AUTHENTICATION',
        message: expect.stringContaining('Authentication credentials not found'),
        correlationId: expect.any(String),
      });
    }
  });

  it('pages a search with `after` until there is no paging.next, oldest change first', async () => {
    const h = await start();
    h.store.seedContacts(25);
    const seen: string[] = [];
    const stamps: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const answer = await search({
        limit: 10,
        properties: ['email', 'lastmodifieddate'],
        ...(after ? { after } : {}),
      });
      expect(answer.status).toBe(200);
      expect(answer.body.total).toBe(25);
      for (const r of answer.body.results) {
        seen.push(r.properties.email);
        stamps.push(r.properties.lastmodifieddate);
        expect(Object.keys(r.properties).sort()).toEqual(['email', 'lastmodifieddate']);
      }
      after = answer.body.paging?.next?.after;
      if (after !== undefined) expect(typeof after).toBe('string');
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `contact${i + 1}@example.com`));
    expect([...stamps].sort()).toEqual(stamps);
  });

  it('filters a search on lastmodifieddate GTE (milliseconds), and finds one contact by email', async () => {
    const h = await start();
    h.store.seedContacts(10);
    const sixth = h.store.findByEmail('contact6@example.com')!;
    const since = String(Date.parse(sixth.properties.lastmodifieddate!));
    const answer = await search({
      filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: since }] }],
      limit: 100,
    });
    expect(answer.body.results.map((r: { id: string }) => r.id)).toEqual(['6', '7', '8', '9', '10']);
    const byEmail = await search({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'CONTACT3@example.com' }] }],
    });
    expect(byEmail.body).toMatchObject({ total: 1, results: [{ id: '3' }] });
  });

  it('refuses to page a search past 10,000 results', async () => {
    await start();
    const past = await search({ limit: 100, after: '9950' });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(past.body.message).toContain('10000');
    expect((await search({ limit: 100, after: '9900' })).status).toBe(200);
  });

  it('lists contacts with limit (at most 100) and an `after` cursor', async () => {
    const h = await start();
    h.store.seedContacts(150);
    const first = await call('/crm/v3/objects/contacts?limit=500');
    expect(first.body.results).toHaveLength(100);
    expect(first.body.paging.next.after).toBe('100');
    const last = await call(`/crm/v3/objects/contacts?limit=100&after=${first.body.paging.next.after}`);
    expect(last.body.results).toHaveLength(50);
    expect(last.body.paging).toBeUndefined();
    expect(last.body.results[0]).toMatchObject({
      id: '101',
      archived: false,
      properties: { email: 'contact101@example.com' },
    });
  });

  it('reads one contact by id, and answers 404 for one that does not exist', async () => {
    const h = await start();
    h.store.seedContacts(2);
    const one = await call('/crm/v3/objects/contacts/2?properties=email,firstname');
    expect(one.body).toMatchObject({
      id: '2',
      properties: { email: 'contact2@example.com', firstname: 'First2' },
    });
    const missing = await call('/crm/v3/objects/contacts/999');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
  });

  it('upserts a batch by email: updates the contacts it has, creates the others', async () => {
    const h = await start();
    h.store.seedContacts(1);
    const answer = await call('/crm/v3/objects/contacts/batch/upsert', {
      body: {
        inputs: [
          { idProperty: 'email', id: 'contact1@example.com', properties: { firstname: 'Renamed' } },
          { idProperty: 'email', id: 'new@example.com', properties: { firstname: 'New' } },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('COMPLETE');
    const results = answer.body.results as { id: string; new: boolean; properties: Record<string, string> }[];
    expect(results.map((r) => [r.id, r.new, r.properties.email, r.properties.firstname])).toEqual([
      ['1', false, 'contact1@example.com', 'Renamed'],
      ['2', true, 'new@example.com', 'New'],
    ]);
    expect(h.store.byId.size).toBe(2);
    expect(h.store.findByEmail('contact1@example.com')!.properties.firstname).toBe('Renamed');
  });

  it('refuses a batch of more than 100 inputs with its own error, writing nothing', async () => {
    const h = await start();
    const inputs = Array.from({ length: 101 }, (_, i) => ({
      idProperty: 'email',
      id: `p${i}@example.com`,
      properties: {},
    }));
    const answer = await call('/crm/v3/objects/contacts/batch/upsert', { body: { inputs } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: expect.stringContaining('The maximum number of inputs supported in a batch request is 100'),
    });
    expect(h.store.byId.size).toBe(0);
    expect(
      (await call('/crm/v3/objects/contacts/batch/upsert', { body: { inputs: inputs.slice(0, 100) } }))
        .status,
    ).toBe(200);
  });

  it('refuses an invalid email with a VALIDATION_ERROR naming it', async () => {
    const h = await start();
    const answer = await call('/crm/v3/objects/contacts/batch/upsert', {
      body: { inputs: [{ idProperty: 'email', id: 'not-an-email', properties: {} }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      category: 'VALIDATION_ERROR',
      errors: [{ code: 'INVALID_EMAIL', message: 'Email address not-an-email is invalid' }],
    });
    expect(h.store.byId.size).toBe(0);
  });

  it('answers a create for an email it has with 409 CONFLICT', async () => {
    const h = await start();
    h.store.seedContacts(1);
    const answer = await call('/crm/v3/objects/contacts', {
      body: { properties: { email: 'contact1@example.com' } },
    });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      category: 'CONFLICT',
      message: 'Contact already exists. Existing ID: 1',
    });
  });

  it('answers a body that is not JSON with a 400, not a dropped connection', async () => {
    await start();
    const answer = await call('/crm/v3/objects/contacts/search', { body: '{"limit": 1' });
    expect(answer.status).toBe(400);
    expect(answer.body.category).toBe('VALIDATION_ERROR');
  });

  it('counts requests against its ten-second window and answers 429 with Retry-After past it', async () => {
    const h = await start({ rateLimit: { requests: 3, perMs: 60_000 } });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const ok = await call('/crm/v3/objects/contacts');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-hubspot-ratelimit-max')).toBe('3');
      expect(ok.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('60000');
      remaining.push(ok.headers.get('x-hubspot-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await call('/crm/v3/objects/contacts');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      status: 'error',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(h.stats.answered429).toBe(1);
  });

  it("edits a contact on its record page, as a person fixes it in HubSpot's own screen", async () => {
    const h = await start();
    const { contact } = h.store.upsert({ email: 'maria.garcia(at)example.com', firstname: 'Maria' });
    const page = `${h.url}/contacts/4410021/record/0-1/${contact.id}`;
    const html = await (await fetch(page)).text();
    expect(html).toContain('<form method="post">');
    expect(html).toContain('value="maria.garcia(at)example.com"');

    const saved = await fetch(page, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: ' maria.garcia@example.com ',
        firstname: 'Maria',
        hs_object_id: '9',
      }),
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/contacts/4410021/record/0-1/${contact.id}?saved`);
    // Only the page's fields change, trimmed; the change is seen by a sync like any edit.
    expect(h.store.byId.get(contact.id)!.properties).toMatchObject({
      email: 'maria.garcia@example.com',
      hs_object_id: contact.id,
    });
    expect(h.store.findByEmail('maria.garcia@example.com')?.id).toBe(contact.id);
    expect(await (await fetch(`${page}?saved`)).text()).toContain('Saved.');

    const missing = await fetch(`${h.url}/contacts/4410021/record/0-1/999`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=x%40example.com',
      redirect: 'manual',
    });
    expect(missing.status).not.toBe(303);
  });
});
