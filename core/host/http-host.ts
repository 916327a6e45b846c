import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorKind } from '../contract/errors.ts';
import { decodedOrUndefined } from '../contract/percent-decoding.ts';
import { rendererContentSecurityPolicy } from './content-security-policy.ts';
import type { Core } from './core.ts';
import { checkOrigin, readCookie, requestHeaderName, sameSecret } from './request-guard.ts';
import { readStaticFile } from './static-files.ts';

export interface HttpHostOptions {
  readonly core: Core;
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** Defaults to 32 random bytes; tests may pass their own. */
  readonly token?: string;
}

export interface HttpHost {
  readonly port: number;
  /** Open this once: it sets the session cookie and redirects to the app. */
  readonly url: string;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;
// Private: the files are served behind the session cookie, so no shared cache keeps them.
const builtAssetCaching = 'private, max-age=31536000, immutable';
const statusByKind: Record<ErrorKind, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};
/**
 * Browser mode: the renderer and the API on 127.0.0.1 only, behind a random session
 * token (given once in the URL, then an HttpOnly SameSite=Strict cookie), with Host
 * and Origin checked, no CORS headers, and a custom header required on every call.
 */
const badPath = {
  ok: false,
  error: { kind: 'invalid_input', message: 'That address is not a valid path.' },
} as const;

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const streams = new Set<ServerResponse>();
  let port = 0;
  // Cookies are not scoped by port: the name carries it so two workspaces served side by side don't collide.
  const cookieName = () => `patchbay_session_${port}`;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, 500, 'text/plain; charset=utf-8', 'Something went wrong inside Patchbay.');
      else res.destroy();
      console.error('Browser-mode request failed', error);
    });
  });

  // Node closes an idle kept-alive socket after 5 s; a client reusing it at that moment
  // gets "socket hang up". Browsers and Playwright keep sockets longer, so we do too.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCommonHeaders(res);
    const verdict = checkOrigin(req.headers, port);
    if (!verdict.ok) return send(res, verdict.status, 'text/plain; charset=utf-8', verdict.reason);

    const url = URL.parse(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!url) return send(res, 400, 'text/plain; charset=utf-8', badPath.error.message);
    const urlToken = url.searchParams.get('token');
    if (urlToken !== null && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      if (!sameSecret(urlToken, token)) return unauthorized(res);
      res.setHeader('Set-Cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.setHeader('Location', url.pathname);
      return send(res, 303, 'text/plain; charset=utf-8', 'Signed in.');
    }
    if (!sameSecret(readCookie(req.headers.cookie, cookieName()), token)) return unauthorized(res);

    if (url.pathname === '/api/events') {
      if (req.method !== 'GET')
        return send(res, 405, 'text/plain; charset=utf-8', 'Use GET for the event stream.');
      return openEventStream(res);
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'API calls use POST.');
      return callApi(req, res, url.pathname.slice('/api/'.length));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain; charset=utf-8', 'Not allowed.');
    const file = await readStaticFile(options.staticDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Not found.');
    if (file.contentType.startsWith('text/html'))
      res.setHeader('Content-Security-Policy', rendererContentSecurityPolicy);
    // The build names each file under assets/ by a hash of its content, so a name always
    // means the same bytes: the browser keeps them, and an opening after the first asks
    // for the page and the data only (issue 17). The page itself, which names the current
    // files, is never kept.
    else if (url.pathname.startsWith('/assets/')) res.setHeader('Cache-Control', builtAssetCaching);
    return send(res, 200, file.contentType, file.body);
  }

  async function callApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.headers[requestHeaderName] !== '1') {
      return sendJson(res, 403, {
        ok: false,
        error: { kind: 'invalid_input', message: `API calls must carry the ${requestHeaderName} header.` },
      });
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, {
        ok: false,
        error: { kind: 'invalid_input', message: 'Send the input as JSON.' },
      });
    }
    const body = await readBody(req);
    if (body === undefined) {
      return sendJson(res, 413, {
        ok: false,
        error: { kind: 'invalid_input', message: 'The input is too large.' },
      });
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      return sendJson(res, 400, {
        ok: false,
        error: { kind: 'invalid_input', message: 'The input is not valid JSON.' },
      });
    }
    const method = decodedOrUndefined(name);
    if (method === undefined) return sendJson(res, 400, badPath);
    const result = await options.core.invoke(method, input);
    return sendJson(res, result.ok ? 200 : statusByKind[result.error.kind], result);
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  const unsubscribe = options.core.onEvent((event) => {
    const frame = `event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });
  // Proxies and sleeping laptops drop idle streams; a comment line keeps them open.
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, 25_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        unsubscribe();
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function unauthorized(res: ServerResponse): void {
  send(
    res,
    401,
    'text/plain; charset=utf-8',
    'Patchbay needs the link printed when it started (it ends in ?token=…). Open that link to sign in.',
  );
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
