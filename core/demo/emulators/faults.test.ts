import { afterEach, describe, expect, it } from 'vitest';
import type { FaultSettings } from './faults.ts';
import { startHubSpotEmulator, type HubSpotEmulator } from './hubspot-emulator.ts';
import { startStripeEmulator, type StripeEmulator } from './stripe-emulator.ts';

const token = 'pat-na1-faults';
const key = 'sk_test_faults_0123456789';
let hubspot: HubSpotEmulator | undefined;
let stripe: StripeEmulator | undefined;
afterEach(async () => {
  await Promise.all([hubspot?.close(), stripe?.close()]);
  hubspot = stripe = undefined;
});

const fast = { requests: 10_000, perMs: 1000 };

async function startBoth() {
  hubspot = await startHubSpotEmulator({ tokens: [token], rateLimit: fast });
  stripe = await startStripeEmulator({ keys: [key], rateLimit: fast });
  hubspot.store.seedContacts(3);
  return { hubspot, stripe };
}

const readContacts = () =>
  fetch(`${hubspot!.url}/crm/v3/objects/contacts`, { headers: { authorization: `Bearer ${token}` } });

const createCustomer = (email: string, idempotencyKey?: string) =>
  fetch(`${stripe!.url}/v1/customers`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/x-www-form-urlencoded',
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: `email=${encodeURIComponent(email)}`,
  });

/** Sets faults the way another process would: through the emulator's control endpoint. */
async function setOverHttp(url: string, settings: FaultSettings): Promise<void> {
  const response = await fetch(`${url}/__control/faults`, { method: 'POST', body: JSON.stringify(settings) });
  expect(response.status).toBe(204);
}

/** Each case runs twice: faults set through the FaultSwitchboard API, then over HTTP. */
const ways = [
  ['the FaultSwitchboard API', (e: HubSpotEmulator | StripeEmulator, s: FaultSettings) => e.faults.set(s)],
  ['the control endpoint', (e: HubSpotEmulator | StripeEmulator, s: FaultSettings) => setOverHttp(e.url, s)],
] as const;

describe.each(ways)('faults set through %s', (_, setFaults) => {
  it('rate429 answers the app 429 for the next request, then lets it through', async () => {
    const { hubspot } = await startBoth();
    await setFaults(hubspot, { rate429: { next: 1 } });
    const limited = await readContacts();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ errorType: 'RATE_LIMIT' });
    expect((await readContacts()).status).toBe(200);
    expect(hubspot.faults.fired.rate429).toBe(1);
  });

  it('server5xx answers the status asked for, with the app error body', async () => {
    const { hubspot, stripe } = await startBoth();
    await setFaults(hubspot, { server5xx: { next: 1, status: 502 } });
    const failed = await readContacts();
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ status: 'error', category: 'INTERNAL_ERROR' });
    await setFaults(stripe, { server5xx: { next: 1 } });
    const stripeFailed = await createCustomer('a@example.com');
    expect(stripeFailed.status).toBe(503);
    expect(await stripeFailed.json()).toMatchObject({ error: { type: 'api_error' } });
    expect(stripe.store.ordered).toHaveLength(0);
  });

  it('slow holds the answer back: a later request is answered first', async () => {
    const { hubspot } = await startBoth();
    await setFaults(hubspot, { slow: { next: 1, ms: 400 } });
    const order: string[] = [];
    const slow = readContacts().then((r) => order.push(`slow ${r.status}`));
    while (hubspot.faults.fired.slow === 0) await new Promise((r) => setImmediate(r));
    const quick = readContacts().then((r) => order.push(`quick ${r.status}`));
    await Promise.all([slow, quick]);
    expect(order).toEqual(['quick 200', 'slow 200']);
  });

  it('dropConnection cuts the connection without an answer', async () => {
    const { hubspot } = await startBoth();
    await setFaults(hubspot, { dropConnection: { next: 1 } });
    await expect(readContacts()).rejects.toThrow(TypeError);
    expect((await readContacts()).status).toBe(200);
    expect(hubspot.faults.fired.dropConnection).toBe(1);
  });

  it('malformedJson answers 200 with a body cut in half', async () => {
    const { hubspot } = await startBoth();
    await setFaults(hubspot, { malformedJson: { next: 1 } });
    const answer = await readContacts();
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(text.startsWith('{"results":[')).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('lostWriteAnswer applies the write and drops its answer; the idempotent retry gets the answer', async () => {
    const { stripe } = await startBoth();
    await setFaults(stripe, { lostWriteAnswer: { next: 1, writesOnly: true } });
    await expect(createCustomer('lost@example.com', 'key-lost')).rejects.toThrow(TypeError);
    expect(stripe.store.ordered.map((c) => c.email)).toEqual(['lost@example.com']);
    const retry = await createCustomer('lost@example.com', 'key-lost');
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toMatchObject({ id: stripe.store.ordered[0]!.id });
    expect(stripe.store.ordered).toHaveLength(1);
  });

  it('serverErrorAfterWrite applies the write, then answers a 5xx instead of the record', async () => {
    const { stripe } = await startBoth();
    await setFaults(stripe, { serverErrorAfterWrite: { next: 1, status: 502 } });
    const failed = await createCustomer('stored@example.com');
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ error: { type: 'api_error' } });
    expect(stripe.store.ordered.map((c) => c.email)).toEqual(['stored@example.com']);
    expect(stripe.faults.fired.serverErrorAfterWrite).toBe(1);
  });

  it('stripIdempotencyKey hides the key from the app, as a proxy that drops the header would', async () => {
    const { stripe } = await startBoth();
    await setFaults(stripe, { stripIdempotencyKey: true });
    for (let i = 0; i < 2; i++)
      expect((await createCustomer('twice@example.com', 'key-twice')).status).toBe(200);
    expect(stripe.store.withEmail('twice@example.com')).toHaveLength(2);
  });

  it('expiredToken answers every request with the app expired-credentials 401 until cleared', async () => {
    const { hubspot, stripe } = await startBoth();
    await setFaults(hubspot, { expiredToken: true });
    await setFaults(stripe, { expiredToken: true });
    const expired = await readContacts();
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ category: 'EXPIRED_AUTHENTICATION' });
    const stripeExpired = await createCustomer('x@example.com');
    expect(stripeExpired.status).toBe(401);
    expect(await stripeExpired.json()).toMatchObject({ error: { code: 'api_key_expired' } });
    expect(stripe.store.ordered).toHaveLength(0);
    await setFaults(hubspot, {});
    expect((await readContacts()).status).toBe(200);
  });

  it('writesOnly leaves reads alone', async () => {
    const { stripe } = await startBoth();
    await setFaults(stripe, { rate429: { next: 1, writesOnly: true } });
    const read = await fetch(`${stripe.url}/v1/customers`, { headers: { authorization: `Bearer ${key}` } });
    expect(read.status).toBe(200);
    expect((await createCustomer('w@example.com')).status).toBe(429);
    expect((await createCustomer('w@example.com')).status).toBe(200);
  });
});

describe('fault probabilities', () => {
  it('repeat the same pattern for the same seed', async () => {
    const { hubspot } = await startBoth();
    const pattern = async () => {
      await setOverHttp(hubspot.url, { seed: 42, server5xx: { probability: 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await readContacts()).status);
      return statuses;
    };
    const first = await pattern();
    expect(new Set(first)).toEqual(new Set([200, 503]));
    expect(await pattern()).toEqual(first);
  });

  it('the control endpoint refuses settings that are not JSON', async () => {
    const { hubspot } = await startBoth();
    const response = await fetch(`${hubspot.url}/__control/faults`, { method: 'POST', body: '{rate429' });
    expect(response.status).toBe(400);
    expect((await readContacts()).status).toBe(200);
  });
});
