import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultSwitchboard, type FaultSettings } from './faults.ts';

export interface EmulatorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  bodyText: string;
}

export interface EmulatorAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** True when the request changed data (so a lost-answer fault applies to it). */
  wrote?: boolean;
}

export interface AppBehaviour {
  /** The app's 429 answer; `retryAfterMs` is how long until the window frees a slot. */
  rateLimited(retryAfterMs: number): EmulatorAnswer;
  serverError(status: number): EmulatorAnswer;
  expiredToken(): EmulatorAnswer;
  /** Rate limit headers on every answer (HubSpot's X-HubSpot-RateLimit-*, for example). */
  rateHeaders?(remaining: number, limit: { requests: number; perMs: number }): Record<string, string>;
  handle(request: EmulatorRequest): EmulatorAnswer | Promise<EmulatorAnswer>;
  /**
   * The app's web page for one record (what "Open in HubSpot" opens), outside its API:
   * a signed-in person's browser needs no API key. Null when the path is a record page
   * of a record that does not exist; undefined when it is no record page.
   */
  recordPage?(path: string): RecordPage | null | undefined;
  /**
   * Saves the record page's form (its `editable` fields, as typed): the fix a person
   * makes in the app's own screen. False when the path is no record that can be edited.
   */
  saveRecordPage?(path: string, values: Record<string, string>): boolean;
  /**
   * A path outside the API's rate limit and token check (Shopify's token endpoint, where
   * the client secret buys a token): the limit and the expired-token fault skip it.
   */
  signIn?(path: string): boolean;
}

export interface RecordPage {
  title: string;
  fields: Record<string, unknown>;
  /** Fields the page lets a person change, in a form that saves on the same address. */
  editable?: readonly string[];
}

export interface RunningEmulator {
  url: string;
  port: number;
  faults: FaultSwitchboard;
  /** Requests answered, by kind; lets tests see that faults really happened. */
  stats: { requests: number; answered429: number };
  close(): Promise<void>;
}

/**
 * The HTTP plumbing every emulator shares: a real server on 127.0.0.1, the app's rate
 * limit (sliding window, answered with the app's own 429), the fault switchboard, and
 * `POST /__control/faults` so another process (the demo UI, a CLI test) can flip faults.
 */
export async function startEmulatorServer(
  behaviour: AppBehaviour,
  options: { port?: number; rateLimit?: { requests: number; perMs: number } },
): Promise<RunningEmulator> {
  const faults = new FaultSwitchboard();
  const stats = { requests: 0, answered429: 0 };
  const window: number[] = [];

  const server = createServer((req, res) => {
    readBody(req)
      .then((bodyText) => respond(req, res, bodyText))
      .catch(() => res.destroy());
  });

  async function respond(req: IncomingMessage, res: ServerResponse, bodyText: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/__control/faults' && req.method === 'POST') {
      try {
        faults.set(JSON.parse(bodyText || '{}') as FaultSettings);
      } catch {
        return send(res, { status: 400, body: { message: 'The fault settings are not valid JSON.' } });
      }
      return send(res, { status: 204, body: undefined });
    }
    if (req.method === 'GET' && behaviour.recordPage) {
      const page = behaviour.recordPage(url.pathname);
      if (page !== undefined) return sendPage(res, page, url.searchParams.has('saved'));
    }
    if (req.method === 'POST' && behaviour.saveRecordPage && isForm(req)) {
      const values = Object.fromEntries(new URLSearchParams(bodyText));
      if (behaviour.saveRecordPage(url.pathname, values)) {
        // Post/redirect/get, as a web app does: a reload does not send the form twice.
        res.writeHead(303, { location: `${url.pathname}?saved` });
        return void res.end();
      }
    }
    stats.requests++;
    const isWrite = req.method !== 'GET' && !url.pathname.endsWith('/search');
    if (faults.fires('dropConnection', isWrite)) return void res.socket?.destroy();
    const slow = faults.setting('slow');
    if (slow && faults.fires('slow', isWrite)) await new Promise((r) => setTimeout(r, slow.ms));
    const signIn = behaviour.signIn?.(url.pathname) === true;
    if (faults.expiredToken && !signIn) return send(res, behaviour.expiredToken());

    let remaining = Number.POSITIVE_INFINITY;
    const limit = signIn ? undefined : options.rateLimit;
    if (limit) {
      const now = Date.now();
      while (window.length > 0 && window[0]! <= now - limit.perMs) window.shift();
      if (window.length >= limit.requests) {
        stats.answered429++;
        const answer = behaviour.rateLimited(window[0]! + limit.perMs - now);
        // The app's rate headers come with its 429 too (remaining 0), as HubSpot sends them.
        if (behaviour.rateHeaders) answer.headers = { ...behaviour.rateHeaders(0, limit), ...answer.headers };
        return send(res, answer);
      }
      window.push(now);
      remaining = limit.requests - window.length;
    }
    if (faults.fires('rate429', isWrite)) {
      stats.answered429++;
      return send(res, behaviour.rateLimited(1000));
    }
    if (faults.fires('server5xx', isWrite))
      return send(res, behaviour.serverError(faults.setting('server5xx')?.status ?? 503));

    const headers = { ...req.headers };
    if (faults.stripIdempotencyKey) delete headers['idempotency-key'];
    const answer = await behaviour.handle({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      bodyText,
    });
    if (limit && behaviour.rateHeaders)
      answer.headers = { ...behaviour.rateHeaders(remaining, limit), ...answer.headers };
    if (answer.wrote && faults.fires('lostWriteAnswer', true)) return void res.socket?.destroy();
    if (answer.wrote && faults.fires('serverErrorAfterWrite', true))
      return send(res, behaviour.serverError(faults.setting('serverErrorAfterWrite')?.status ?? 504));
    if (answer.status < 300 && faults.fires('malformedJson', isWrite)) {
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      return void res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
    send(res, answer);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    faults,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, answer: EmulatorAnswer): void {
  if (answer.body === undefined) {
    res.writeHead(answer.status, answer.headers ?? {});
    return void res.end();
  }
  res.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const isForm = (req: IncomingMessage) =>
  (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

/** One field's row: its value, or a text box where the page lets a person change it. */
function fieldRow(name: string, value: unknown, editable: boolean): string {
  const text = escapeHtml(String(value ?? ''));
  const key = escapeHtml(name);
  if (!editable) return `<tr><th scope="row">${key}</th><td>${text}</td></tr>`;
  return `<tr><th scope="row"><label for="f-${key}">${key}</label></th><td><input id="f-${key}" name="${key}" value="${text}" size="40"></td></tr>`;
}

/** A plain HTML page of one record's fields, as the app's web interface would show them. */
function sendPage(res: ServerResponse, page: RecordPage | null, saved = false): void {
  const title = page ? page.title : 'Record not found';
  const editable = new Set(page?.editable ?? []);
  const rows = page
    ? Object.entries(page.fields)
        .map(([k, v]) => fieldRow(k, v, editable.has(k)))
        .join('')
    : '';
  const table = `<table>${rows}</table>`;
  const notice = saved ? '<p role="status">Saved.</p>' : '';
  // A form posts to this same address; the page's policy allows that and nothing else.
  const body = !page
    ? '<p>There is no record with this id.</p>'
    : editable.size > 0
      ? `${notice}<form method="post">${table}<button type="submit">Save</button></form>`
      : table;
  res.writeHead(page ? 200 : 404, {
    'content-type': 'text/html;charset=utf-8',
    'content-security-policy': "default-src 'none'; form-action 'self'",
  });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A clock that never repeats a millisecond, so "modified after" filters are exact. */
export function monotonicClock(): () => number {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return last;
  };
}

export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A page token that is opaque to clients, as the apps' are: base64url JSON. */
export function opaqueToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The value inside an opaque token, or undefined when it is not one of ours. */
export function readOpaqueToken(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Times one second apart for `count` seeded records, the last `endsAgoMs` before now, so
 * a changed-since filter written to the second tells them from later changes.
 */
export function secondsApart(count: number, endsAgoMs = 60_000): number[] {
  const start = Date.now() - endsAgoMs - count * 1000;
  return Array.from({ length: count }, (_, i) => start + i * 1000);
}
