// The `HttpSend` port on node:http / node:https with keep-alive pools, for throughput:
// fetch (undici's JavaScript) cost a quarter of a sync's CPU and ~170 MB of RSS
// (issue 17, bench/README.md). undici's own Pool would need a dependency; node's Agent
// does what a connector needs (keep-alive, a socket limit, Node's Keep-Alive hint
// handling) and its TLS uses the system's certificate store as Node ships it.
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import {
  HttpExchangeError,
  ProxyRefusedError,
  type HttpRequest,
  type HttpResponse,
  type HttpSend,
} from './http-port.ts';
import { createOriginPools, type Route } from './origin-pools.ts';
import type { ProxySettings } from './proxy-settings.ts';
import { readBody } from './read-body.ts';

export interface NodeHttpClientOptions {
  /** The whole exchange, from connecting to the body's last byte, redirects included (default 60 s). */
  readonly timeoutMs?: number;
  /** Opening a new connection (TCP, TLS, proxy tunnel) (default 10 s, as fetch). */
  readonly connectTimeoutMs?: number;
  /** The office's proxy; the host reads it from the environment (proxySettingsFromEnv). */
  readonly proxy?: ProxySettings;
  /** Sent when a request names no User-Agent of its own. */
  readonly userAgent?: string;
  /** Certificates to trust instead of the system's: tests only. */
  readonly ca?: string | readonly string[];
}

export interface NodeHttpClient {
  readonly send: HttpSend;
  /** Closes the kept connections (the workspace is closing). */
  close(): void;
}

/**
 * Redirects followed: GET only, within the origin, at most 5 (fetch's limit is 20). A
 * redirect elsewhere is answered as it came, so credentials in any header (Authorization,
 * an API key header) never leave the origin the app is configured with.
 */
const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export function createNodeHttpClient(options: NodeHttpClientOptions = {}): NodeHttpClient {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const pools = createOriginPools({
    proxy: options.proxy ?? {},
    idleMs: 30_000,
    connectTimeoutMs,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  const defaults = {
    accept: '*/*',
    'user-agent': options.userAgent ?? 'Patchbay',
    // As fetch asked; read-body.ts decodes the answer.
    'accept-encoding': 'gzip, deflate, br',
  };

  function exchange(
    request: HttpRequest,
    url: URL,
    msLeft: number,
    signal: AbortSignal | undefined,
  ): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const route = pools.route(url, request.connections);
      const outgoing = (route.secure ? httpsRequest : httpRequest)({
        agent: route.agent,
        hostname: route.hostname,
        port: route.port,
        path: route.path,
        method: request.method,
        headers: headersFor(request, route),
      });
      let connected = false;
      let settled = false;
      // One timer for the exchange (no AbortSignal per request); a second only while a new connection opens.
      const timer = setTimeout(() => outgoing.destroy(timedOut()), msLeft);
      let connectTimer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => outgoing.destroy(signal?.reason as Error);
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        settled = true;
        clearTimeout(timer);
        clearTimeout(connectTimer);
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (error: unknown) => {
        if (settled) return;
        settle();
        // The deadline's and the caller's own reasons go back as they are, as with fetch.
        if (error === signal?.reason || (error instanceof DOMException && error.name === 'TimeoutError'))
          reject(error);
        else
          reject(
            new HttpExchangeError(`The exchange with ${url.host} failed: ${messageOf(error)}`, {
              cause: error,
              // A proxy's refusal is its own answer: the app never saw the request.
              neverSent: !connected || error instanceof ProxyRefusedError,
            }),
          );
      };
      outgoing.once('socket', (socket: Socket) => {
        // A TLS socket is ready once its handshake is done (a tunnel's TCP is connected
        // before it); the request is written after that.
        const readyOn = 'encrypted' in socket ? 'secureConnect' : socket.connecting ? 'connect' : undefined;
        if (outgoing.reusedSocket || !readyOn) {
          connected = true;
          return;
        }
        socket.once(readyOn, () => {
          connected = true;
          clearTimeout(connectTimer);
        });
        connectTimer = setTimeout(
          () => outgoing.destroy(connectTimedOut(url.host, connectTimeoutMs)),
          connectTimeoutMs,
        );
      });
      // `on`, not `once`: a second error with no listener would be thrown; fail() ignores it.
      outgoing.on('error', fail);
      outgoing.once('response', (response: IncomingMessage) => {
        readBody(response).then((bodyText) => {
          if (settled) return;
          // A 407 through an http proxy is the proxy's, never the app's: the same refusal as to a CONNECT.
          if (route.viaProxy && response.statusCode === 407)
            return fail(new ProxyRefusedError(route.viaProxy, url.host, 407));
          settle();
          resolve({ status: response.statusCode ?? 0, headers: headersOf(response), bodyText });
        }, fail);
      });
      outgoing.end(request.body);
    });
  }

  const send: HttpSend = async (request, signal) => {
    signal?.throwIfAborted();
    const deadline = Date.now() + timeoutMs;
    let url = new URL(request.url);
    for (let redirects = 0; ; redirects++) {
      const response = await exchange(request, url, Math.max(0, deadline - Date.now()), signal);
      const next = redirectTarget(request, url, response);
      if (!next || redirects === maxRedirects) return response;
      url = next;
    }
  };

  // One object per request, filled in place: this runs for every exchange of a sync.
  function headersFor(request: HttpRequest, route: Route): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = { ...defaults };
    for (const name in request.headers)
      if (Object.hasOwn(request.headers, name)) headers[name.toLowerCase()] = request.headers[name];
    // Sized up front: some APIs refuse a chunked body.
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    for (const name in route.headers)
      if (Object.hasOwn(route.headers, name)) headers[name] = route.headers[name];
    return headers;
  }

  return { send, close: () => pools.close() };
}

/** Where a followed redirect goes: a GET answered 3xx with a Location in the same origin. */
function redirectTarget(request: HttpRequest, url: URL, response: HttpResponse): URL | undefined {
  const location = response.headers.location;
  if (request.method !== 'GET' || !redirectStatuses.has(response.status) || !location) return undefined;
  const next = new URL(location, url);
  return next.origin === url.origin ? next : undefined;
}

/**
 * Lower-cased already by Node; a repeated header (Set-Cookie) joined as fetch's Headers
 * join them. Most answers have none, and their headers are taken as Node made them
 * instead of copied (a copy for every exchange of a sync).
 */
function headersOf(response: IncomingMessage): Record<string, string> {
  const given = response.headers;
  for (const name in given) if (typeof given[name] !== 'string') return joined(given);
  return given as Record<string, string>;
}

function joined(given: IncomingMessage['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/** The reason fetch gave on a deadline (AbortSignal.timeout), classified as a lost answer. */
function timedOut(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

/** No connection within the limit: nothing was sent (HttpExchangeError says so). */
function connectTimedOut(host: string, ms: number): Error {
  return Object.assign(new Error(`Could not connect to ${host} within ${ms / 1000} s`), {
    code: 'ETIMEDOUT',
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
