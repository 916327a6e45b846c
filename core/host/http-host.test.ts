import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestCore, type TestCore } from '../testing/temp-workspace.ts';
import { startHttpHost, type HttpHost } from './http-host.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function call(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const token = 'test-token-0123456789abcdefghijklmnopqrstuv';
let t: TestCore;
let host: HttpHost;
let cookie: string;

beforeEach(async () => {
  t = openTestCore();
  const staticDir = join(t.dir, 'ui');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Patchbay</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(t.dir, 'secret.txt'), 'not for the web');
  host = await startHttpHost({ core: t.core, port: 0, staticDir, token });
  cookie = `patchbay_session_${host.port}=${token}`;
});
afterEach(async () => {
  await host.close();
  t.dispose();
});

const api = (name: string, body: unknown, extra: Record<string, string> = {}) =>
  call(host.port, {
    method: 'POST',
    path: `/api/${name}`,
    headers: { cookie, 'content-type': 'application/json', 'x-patchbay-request': '1', ...extra },
    body: JSON.stringify(body),
  });

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 only and prints a token URL', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${token}`);
  });

  it('refuses a request without the session token (401)', async () => {
    expect((await call(host.port, { path: '/' })).status).toBe(401);
    expect(
      (
        await call(host.port, {
          method: 'POST',
          path: '/api/apps.list',
          headers: { 'x-patchbay-request': '1' },
        })
      ).status,
    ).toBe(401);
    expect((await call(host.port, { path: '/?token=wrong' })).status).toBe(401);
    expect(
      (await call(host.port, { path: '/', headers: { cookie: `patchbay_session_${host.port}=wrong` } }))
        .status,
    ).toBe(401);
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie and redirects', async () => {
    const answer = await call(host.port, { path: `/?token=${token}` });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    expect(answer.headers['set-cookie']).toEqual([
      `patchbay_session_${host.port}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    ]);
    const page = await call(host.port, { path: '/', headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Patchbay</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a foreign Host header (DNS rebinding) even with a valid cookie', async () => {
    const answer = await call(host.port, {
      path: '/',
      headers: { cookie, host: `evil.example:${host.port}` },
    });
    expect(answer.status).toBe(421);
    const apiAnswer = await api('apps.list', {}, { host: `attacker.test:${host.port}` });
    expect(apiAnswer.status).toBe(421);
  });

  it('refuses a foreign Origin and never sends CORS headers', async () => {
    const answer = await api('apps.create', { name: 'Evil' }, { origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await call(host.port, {
      method: 'OPTIONS',
      path: '/api/apps.create',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const list = await api('apps.list', {});
    expect(JSON.parse(list.body)).toEqual({ ok: true, value: [] });
  });

  it('requires the custom header and JSON on API calls, so a cross-site form cannot call them', async () => {
    const form = await call(host.port, {
      method: 'POST',
      path: '/api/apps.create',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Evil',
    });
    expect(form.status).toBe(403);
    const notJson = await call(host.port, {
      method: 'POST',
      path: '/api/apps.create',
      headers: { cookie, 'x-patchbay-request': '1', 'content-type': 'text/plain' },
      body: '{"name":"Evil"}',
    });
    expect(notJson.status).toBe(415);
    expect(JSON.parse((await api('apps.list', {})).body).value).toEqual([]);
  });

  it('runs API calls and answers typed errors with fitting statuses', async () => {
    const created = await api('apps.create', { name: 'HubSpot', category: 'crm' });
    expect(created.status).toBe(200);
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { name: 'HubSpot' } });
    const bad = await api('apps.create', { name: '' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({
      ok: false,
      error: { kind: 'invalid_input', field: 'name' },
    });
    const dup = await api('apps.create', { name: 'hubspot' });
    expect(dup.status).toBe(409);
    const garbage = await call(host.port, {
      method: 'POST',
      path: '/api/apps.create',
      headers: { cookie, 'x-patchbay-request': '1', 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body).error.message).toBe('The input is not valid JSON.');
    expect((await api('nope.nothing', {})).status).toBe(404);
  });

  it('answers a malformed path or cookie with 400/401, never a 500 with a stack trace in the log', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const path of ['/api/%', '/api/%E0%A4%A', '/api/apps.list%']) {
        const answer = await call(host.port, {
          method: 'POST',
          path,
          headers: { cookie, 'content-type': 'application/json', 'x-patchbay-request': '1' },
          body: '{}',
        });
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body).error.message).toBe('That address is not a valid path.');
      }
      const badCookie = await call(host.port, {
        path: '/api/events',
        headers: { cookie: `patchbay_session_${host.port}=%E0%A4%A` },
      });
      expect(badCookie.status).toBe(401);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('pushes events over Server-Sent Events', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: host.port, path: '/api/events', headers: { cookie } },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes('event: apps.changed')) {
              resolve(text);
              req.destroy();
            } else if (text.includes(': connected')) {
              void api('apps.create', { name: 'Stripe' });
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    const text = await received;
    const data = /event: apps\.changed\ndata: (.*)\n/.exec(text)![1]!;
    expect(JSON.parse(data)).toMatchObject({ change: 'created' });
  });

  it('lets the browser keep the built files, named by their content, but never the page that names them', async () => {
    const js = await call(host.port, { path: '/assets/app.js', headers: { cookie } });
    expect(js.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/assets/no-such-route']) {
      const page = await call(host.port, { path, headers: { cookie } });
      expect(page.body).toContain('<title>Patchbay</title>');
      expect(page.headers['cache-control']).toBe('no-store');
    }
    const missing = await call(host.port, { path: '/assets/gone-1234.js', headers: { cookie } });
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('serves the built UI, falls back to index.html for routes, and never serves files outside it', async () => {
    const js = await call(host.port, { path: '/assets/app.js', headers: { cookie } });
    expect(js.headers['content-type']).toContain('text/javascript');
    const route = await call(host.port, { path: '/apps/123', headers: { cookie } });
    expect(route.body).toContain('<title>Patchbay</title>');
    expect(route.headers['cache-control']).toBe('no-store');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const answer = await call(host.port, { path, headers: { cookie } });
      expect(answer.body).not.toContain('not for the web');
    }
  });
});
