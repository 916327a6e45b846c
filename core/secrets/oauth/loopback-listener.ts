// The redirect receiver of a native app, RFC 8252 §7.3: an HTTP listener on the
// loopback IP (not "localhost", §8.3), on a port the OS picks, for exactly one redirect.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthError } from './oauth-error.ts';

export const callbackPath = '/callback';

export interface LoopbackCallback {
  /** The redirect's query: `code` and `state`, or `error` (RFC 6749 §4.1.2). */
  params: URLSearchParams;
  /** Answers the browser with a small page in words, then closes the listener. */
  answer(outcome: { ok: boolean; message: string }): Promise<void>;
}

export interface LoopbackListener {
  /** `http://127.0.0.1:<port>/callback`, sent as the redirect_uri. */
  readonly redirectUri: string;
  /** The one redirect; rejects with a plain-words error when nobody comes back in time. */
  readonly callback: Promise<LoopbackCallback>;
  /** Stops waiting (a newer attempt, the app closing); `callback` rejects with `reason`. */
  close(reason?: Error): Promise<void>;
}

export interface LoopbackListenerOptions {
  /** How long to wait for the browser (default 5 minutes). */
  readonly timeoutMs?: number;
  /** The app's name, for the timeout message. */
  readonly appName: string;
}

export async function startLoopbackListener(options: LoopbackListenerOptions): Promise<LoopbackListener> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  let received = false;
  let settle: { resolve: (c: LoopbackCallback) => void; reject: (e: Error) => void } | undefined;
  const callback = new Promise<LoopbackCallback>((resolve, reject) => (settle = { resolve, reject }));
  // The flow awaits `callback` later; a timeout before then must not count as unhandled.
  callback.catch(() => undefined);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== callbackPath) {
      return page(res, 404, 'Not found', 'This address is only used to finish connecting an app.');
    }
    if (received) {
      return page(
        res,
        409,
        'Already received',
        'Patchbay already received this sign-in. You can close this tab.',
      );
    }
    received = true;
    clearTimeout(timer);
    settle!.resolve({
      params: url.searchParams,
      answer: async ({ ok, message }) => {
        page(res, ok ? 200 : 400, ok ? 'Connected' : 'Not connected', message);
        await close();
      },
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  // Declared after `listen`: the request handler reads it, and no request can arrive before this line runs.
  const timer = setTimeout(() => {
    const minutes = Math.max(1, Math.round(timeoutMs / 60_000));
    void closeWith(
      new OAuthError(
        'reconnect',
        `Patchbay waited ${minutes} minute${minutes === 1 ? '' : 's'} for you to finish signing in to ${options.appName} in the browser. ` +
          `Nothing was saved. Choose "Connect ${options.appName}" again to retry.`,
      ),
    );
  }, timeoutMs);
  timer.unref();

  async function close(): Promise<void> {
    clearTimeout(timer);
    if (!server.listening) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  async function closeWith(reason: Error): Promise<void> {
    if (!received) settle!.reject(reason);
    received = true;
    await close();
    server.closeAllConnections();
  }

  return {
    redirectUri: `http://127.0.0.1:${port}${callbackPath}`,
    callback,
    close: (reason) => closeWith(reason ?? new Error('Patchbay stopped waiting for this sign-in.')),
  };
}

function page(res: ServerResponse, status: number, title: string, message: string): void {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Patchbay — ${escapeHtml(title)}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;margin:3rem;max-width:40rem">` +
    `<h1 style="font-size:1.4rem">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    // The page is words only: no scripts, nothing loaded, and the code never leaks as a referrer.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
