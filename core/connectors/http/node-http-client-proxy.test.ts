import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startStripeEmulator } from '../../demo/emulators/stripe-emulator.ts';
import { answerMayBeLost, toSyncError } from '../../reliability/sync-error-policy.ts';
import { startLocalProxy } from '../../testing/local-proxy.ts';
import { localhostCertificate, localhostKey } from '../../testing/localhost-tls.ts';
import { createNodeHttpClient, type NodeHttpClientOptions } from './node-http-client.ts';
import { proxySettingsFromEnv } from './proxy-settings.ts';

// An office's proxy, as HTTP_PROXY / HTTPS_PROXY set it: a real forward proxy on
// 127.0.0.1 between the client and the Stripe emulator. The settings are passed to the
// client as the host would read them from its environment, so process.env is untouched.

const closing: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

async function started<T extends { close(): Promise<void> | void }>(thing: Promise<T>): Promise<T> {
  const value = await thing;
  closing.push(() => value.close());
  return value;
}

const clientWith = (options: NodeHttpClientOptions) =>
  started(Promise.resolve(createNodeHttpClient(options)));
const stripeKey = 'sk_test_proxy';
const auth = { authorization: `Bearer ${stripeKey}` };

describe('the node:http client behind a proxy', () => {
  it('sends http requests through HTTP_PROXY in absolute form, and the answers arrive intact', async () => {
    const stripe = await started(startStripeEmulator({ keys: [stripeKey] }));
    const proxy = await started(startLocalProxy());
    // What an office sets; NO_PROXY cleared, or this computer would be reached directly.
    const { send } = await clientWith({
      proxy: proxySettingsFromEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '' }),
    });

    const created = await send({
      method: 'POST',
      url: `${stripe.url}/v1/customers`,
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'k-1' },
      body: 'email=ada%40example.com&name=Ada+Lovelace&metadata%5Bhubspot_id%5D=7',
    });
    const found = await send({
      method: 'GET',
      url: `${stripe.url}/v1/customers?email=ada%40example.com`,
      headers: auth,
    });

    expect(created.status).toBe(200);
    const customer = JSON.parse(created.bodyText) as { id: string };
    expect(stripe.store.ordered).toHaveLength(1);
    expect(customer).toMatchObject({
      id: stripe.store.ordered[0]!.id,
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      metadata: { hubspot_id: '7' },
    });
    expect(JSON.parse(found.bodyText)).toMatchObject({ data: [{ id: customer.id }] });
    expect(proxy.seen).toEqual([
      `POST ${stripe.url}/v1/customers`,
      `GET ${stripe.url}/v1/customers?email=ada%40example.com`,
    ]);
  });

  it('reaches this computer directly unless NO_PROXY says otherwise', async () => {
    const stripe = await started(startStripeEmulator({ keys: [stripeKey] }));
    const proxy = await started(startLocalProxy());
    const { send } = await clientWith({ proxy: proxySettingsFromEnv({ HTTP_PROXY: proxy.url }) });
    const answer = await send({ method: 'GET', url: `${stripe.url}/v1/customers`, headers: auth });
    expect(answer.status).toBe(200);
    expect(proxy.seen).toEqual([]);
  });

  it('tunnels https through HTTPS_PROXY with CONNECT, with the proxy’s credentials, checking the target’s certificate', async () => {
    const target = createTlsServer({ key: localhostKey, cert: localhostCertificate }, (req, res) =>
      res.end(JSON.stringify({ path: req.url, authorization: req.headers.authorization })),
    );
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    closing.push(
      () =>
        new Promise<void>((resolve) => {
          target.close(() => resolve());
          target.closeAllConnections();
        }),
    );
    const port = (target.address() as AddressInfo).port;
    const proxy = await started(startLocalProxy());
    const proxyUrl = proxy.url.replace('http://', 'http://office%20user:pa%3Ass@');
    const { send } = await clientWith({
      proxy: proxySettingsFromEnv({ HTTPS_PROXY: proxyUrl, NO_PROXY: '' }),
      ca: localhostCertificate,
    });
    for (const path of ['/one', '/two']) {
      const answer = await send({ method: 'GET', url: `https://127.0.0.1:${port}${path}`, headers: auth });
      expect(JSON.parse(answer.bodyText)).toEqual({ path, authorization: auth.authorization });
    }
    // One tunnel, kept for the second request; the proxy never saw the requests themselves.
    expect(proxy.seen).toEqual([`CONNECT 127.0.0.1:${port}`]);
    expect(proxy.credentials).toEqual([`Basic ${btoa('office user:pa:ss')}`]);
  });

  it('a proxy that cannot be reached or opens no tunnel: the request was never sent', async () => {
    const gone = await startLocalProxy();
    await gone.close();
    const { send } = await clientWith({ proxy: { httpsProxy: gone.url, noProxy: '' } });
    const error = await send({ method: 'POST', url: 'https://127.0.0.1:9/v1/customers', headers: auth }).then(
      () => expect.fail('the request should have failed'),
      (e: unknown) => toSyncError(e, 'Stripe'),
    );
    expect(error).toMatchObject({ errorClass: 'network', neverSent: true });
    expect(answerMayBeLost(error)).toBe(false);

    // The proxy is there, but what it should tunnel to is not: it answers the CONNECT 502.
    const proxy = await started(startLocalProxy());
    const { send: sendVia } = await clientWith({ proxy: { httpsProxy: proxy.url, noProxy: '' } });
    const refused = await sendVia({
      method: 'POST',
      url: 'https://127.0.0.1:9/v1/customers',
      headers: auth,
    }).then(
      () => expect.fail('the request should have failed'),
      (e: unknown) => toSyncError(e, 'Stripe'),
    );
    // Passing (retried), in words that say the proxy answered and what it could not reach.
    expect(refused).toMatchObject({ errorClass: 'network', neverSent: true, retryable: true });
    expect(refused.message).toBe(
      `The proxy at ${new URL(proxy.url).host} could not reach 127.0.0.1:9 (it answered 502).`,
    );
    expect(proxy.seen).toEqual(['CONNECT 127.0.0.1:9']);
  });

  it('a proxy that asks for a sign-in (407) says so in words, and waits for someone to give it one', async () => {
    const stripe = await started(startStripeEmulator({ keys: [stripeKey] }));
    const proxy = await started(startLocalProxy({ requireCredentials: `Basic ${btoa('office:right')}` }));
    const at = new URL(proxy.url).host;
    const wrong = proxy.url.replace('http://', 'http://office:s3cr3t-pw@');
    // An https address (a CONNECT the proxy refuses) and an http one (the proxy answers the request itself).
    const { send } = await clientWith({
      proxy: proxySettingsFromEnv({ HTTPS_PROXY: wrong, HTTP_PROXY: wrong, NO_PROXY: '' }),
    });
    const refusals = await Promise.all(
      ['https://127.0.0.1:9/v1/customers', `${stripe.url}/v1/customers`].map((url) =>
        send({ method: 'POST', url, headers: auth, body: 'email=ada%40example.com' }).then(
          () => expect.fail('the request should have failed'),
          (e: unknown) => toSyncError(e, 'Stripe'),
        ),
      ),
    );
    for (const [refused, target] of [
      [refusals[0]!, '127.0.0.1:9'],
      [refusals[1]!, new URL(stripe.url).host],
    ] as const) {
      expect(refused).toMatchObject({ errorClass: 'proxy_auth', neverSent: true, retryable: false });
      expect(refused.message).toContain(`The proxy at ${at} asks for a sign-in (407)`);
      expect(refused.message).toContain(target);
      expect(refused.action).toContain('HTTPS_PROXY');
      expect(refused.message).not.toContain('s3cr3t-pw');
      expect(answerMayBeLost(refused)).toBe(false);
    }
    expect(stripe.store.ordered).toHaveLength(0);
    expect([...proxy.seen].sort()).toEqual(['CONNECT 127.0.0.1:9', `POST ${stripe.url}/v1/customers`].sort());
  });
});
