import { createServer, type RequestListener } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyHttpResponse } from '../../reliability/classify-http-error.ts';
import { answerMayBeLost, toSyncError } from '../../reliability/sync-error-policy.ts';
import { localhostCertificate, localhostKey } from '../../testing/localhost-tls.ts';
import type { HttpRequest } from './http-port.ts';
import { createNodeHttpClient, type NodeHttpClient, type NodeHttpClientOptions } from './node-http-client.ts';

// The HttpSend port on node:http against real servers on 127.0.0.1: what fetch gave
// (statuses, headers, text, errors the reliability rules classify), kept connections,
// and the redirect and TLS rules of node-http-client.ts.

const closing: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function serve(listener: RequestListener, options: { tls?: boolean } = {}) {
  const seen: Seen[] = [];
  let connections = 0;
  const record: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      listener(req, res);
    });
  };
  const server = options.tls
    ? createTlsServer({ key: localhostKey, cert: localhostCertificate }, record)
    : createServer(record);
  server.on(options.tls ? 'secureConnection' : 'connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  closing.push(close);
  return { url, seen, connections: () => connections, close };
}

function clientWith(options: NodeHttpClientOptions = {}): NodeHttpClient {
  const client = createNodeHttpClient(options);
  closing.push(() => client.close());
  return client;
}

const get = (url: string, headers: Record<string, string> = {}): HttpRequest => ({
  method: 'GET',
  url,
  headers,
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

const failureOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => expect.fail('the request should have failed'),
    (error: unknown) => error,
  );

describe('the node:http client', () => {
  it('answers the status, lower-cased headers and the body as text, decoded once', async () => {
    const s = await serve((_req, res) => {
      res.setHeader('X-Request-Id', 'req_1');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('Content-Encoding', 'gzip');
      res.writeHead(201, { 'Content-Type': 'application/json' });
      // A byte-order mark first, as some servers send: fetch's text() dropped it.
      res.end(gzipSync('\uFEFF{"name":"Zoë 😀"}'));
    });
    const { send } = clientWith();
    const body = JSON.stringify({ name: 'Zoë' });
    const answer = await send({
      method: 'POST',
      url: `${s.url}/v1/things?x=1`,
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes' },
      body,
    });
    expect(answer.status).toBe(201);
    expect(answer.headers).toMatchObject({
      'x-request-id': 'req_1',
      'set-cookie': 'a=1, b=2',
      'content-type': 'application/json',
    });
    expect(answer.bodyText).toBe('{"name":"Zoë 😀"}');
    expect(s.seen[0]).toMatchObject({ method: 'POST', url: '/v1/things?x=1', body });
    expect(s.seen[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-custom': 'yes',
      'user-agent': 'Patchbay',
    });
  });

  it('keeps one pool per origin with as many connections as the app may have requests in flight', async () => {
    const s = await serve((_req, res) => res.end('{}'));
    const { send } = clientWith();
    const request = { ...get(`${s.url}/items`), connections: 3 };
    await Promise.all(Array.from({ length: 12 }, () => send(request)));
    expect(s.connections()).toBe(3);
    for (let i = 0; i < 5; i++) await send(request);
    expect(s.seen).toHaveLength(17);
    expect(s.connections()).toBe(3);
  });

  it('gives up at the deadline with a TimeoutError, and on abort with the caller’s reason: both answers lost', async () => {
    const s = await serve(() => {}); // never answers
    const { send } = clientWith({ timeoutMs: 100 });
    const timedOut = await failureOf(send(get(`${s.url}/slow`)));
    expect(timedOut).toMatchObject({ name: 'TimeoutError' });
    expect(answerMayBeLost(toSyncError(timedOut, 'Acme'))).toBe(true);

    const controller = new AbortController();
    const patient = clientWith({ timeoutMs: 60_000 });
    const aborted = failureOf(patient.send(get(`${s.url}/slow`), controller.signal));
    await until(() => s.seen.length === 2);
    const reason = new DOMException('The run was stopped', 'AbortError');
    controller.abort(reason);
    expect(await aborted).toBe(reason);
    await expect(patient.send(get(`${s.url}/slow`), controller.signal)).rejects.toBe(reason);
    expect(s.seen).toHaveLength(2);
  });

  it('tells a request never sent from an answer lost, as the reliability rules read fetch’s errors', async () => {
    const { send } = clientWith();
    const closed = await serve(() => {});
    await closed.close();
    const refused = toSyncError(await failureOf(send(get(`${closed.url}/x`))), 'Acme');
    expect(refused).toMatchObject({ errorClass: 'network', neverSent: true, detail: 'ECONNREFUSED' });
    expect(answerMayBeLost(refused)).toBe(false);

    const resets = await serve((req) => req.socket.destroy());
    const reset = toSyncError(
      await failureOf(send({ ...get(`${resets.url}/x`), method: 'POST', body: 'a=1' })),
      'Acme',
    );
    expect(reset).toMatchObject({ errorClass: 'network', retryable: true });
    expect(answerMayBeLost(reset)).toBe(true);

    const cuts = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"items": [');
      setImmediate(() => res.socket?.destroy());
    });
    const cut = toSyncError(await failureOf(send(get(`${cuts.url}/x`))), 'Acme');
    expect(cut.errorClass).toBe('network');
    expect(answerMayBeLost(cut)).toBe(true);
  });

  it('follows a GET redirect within the origin, up to 5, with its headers', async () => {
    const s = await serve((req, res) => {
      const hop = Number(/^\/hop\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
      if (req.url === '/old') res.writeHead(301, { location: '/new' }).end();
      else if (hop >= 0) res.writeHead(302, { location: `/hop/${hop + 1}` }).end();
      else res.end('{"moved":true}');
    });
    const { send } = clientWith();
    const moved = await send(get(`${s.url}/old`, { authorization: 'Bearer k' }));
    expect(moved).toMatchObject({ status: 200, bodyText: '{"moved":true}' });
    expect(s.seen.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/old', 'Bearer k'],
      ['/new', 'Bearer k'],
    ]);
    const endless = await send(get(`${s.url}/hop/0`));
    expect(endless).toMatchObject({ status: 302, headers: { location: '/hop/6' } });
    expect(s.seen).toHaveLength(2 + 6);
  });

  it('never follows a redirect to another origin, nor one answering a write: credentials stay home', async () => {
    const elsewhere = await serve((_req, res) => res.end('{}'));
    const s = await serve((req, res) =>
      res
        .writeHead(req.method === 'POST' ? 307 : 302, {
          location: req.method === 'POST' ? '/again' : `${elsewhere.url}/steal`,
        })
        .end(),
    );
    const { send } = clientWith();
    const away = await send(get(`${s.url}/x`, { authorization: 'Bearer secret', 'x-api-key': 'secret' }));
    expect(away).toMatchObject({ status: 302, headers: { location: `${elsewhere.url}/steal` } });
    const write = await send({ method: 'POST', url: `${s.url}/items`, headers: {}, body: 'a=1' });
    expect(write.status).toBe(307);
    expect(elsewhere.seen).toEqual([]);
    expect(s.seen.map((r) => r.url)).toEqual(['/x', '/items']);

    // Classed as what it is, naming where it pointed: not a server fault to retry, nor a lost answer.
    const moved = classifyHttpResponse({ appName: 'Acme', ...away, now: new Date() });
    expect(moved).toMatchObject({
      errorClass: 'redirected',
      status: 302,
      retryable: false,
      recordLevel: false,
    });
    expect(moved.message).toContain(
      `Acme answered with a redirect to ${new URL(elsewhere.url).host} (HTTP 302)`,
    );
    expect(answerMayBeLost(moved)).toBe(false);
    const again = classifyHttpResponse({ appName: 'Acme', ...write, now: new Date() });
    expect(again).toMatchObject({ errorClass: 'redirected', status: 307 });
    expect(again.message).toContain('a redirect to another page on its own site (/again)');
  });

  it('checks https certificates: a server it cannot verify is refused before anything is sent', async () => {
    const s = await serve((_req, res) => res.end('{"secure":true}'), { tls: true });
    const trusting = clientWith({ ca: localhostCertificate });
    expect((await trusting.send(get(`${s.url}/x`))).bodyText).toBe('{"secure":true}');
    // The system's certificates (Node's defaults) do not include a self-signed one.
    const { send } = clientWith();
    const refused = toSyncError(await failureOf(send(get(`${s.url}/x`))), 'Acme');
    expect(refused).toMatchObject({ errorClass: 'network', neverSent: true });
    expect(s.seen).toHaveLength(1);
  });
});
