import { describe, expect, it } from 'vitest';
import { startLoopbackListener } from './loopback-listener.ts';

describe('the loopback redirect listener (RFC 8252 §7.3)', () => {
  it('listens on 127.0.0.1 on a port the OS chose, at /callback', async () => {
    const listener = await startLoopbackListener({ appName: 'Xero' });
    const uri = new URL(listener.redirectUri);
    expect(uri.hostname).toBe('127.0.0.1');
    expect(Number(uri.port)).toBeGreaterThan(0);
    expect(uri.pathname).toBe('/callback');
    await listener.close();
  });

  it('takes exactly one redirect, answers it in words, then stops listening', async () => {
    const listener = await startLoopbackListener({ appName: 'Xero' });
    const notHere = await fetch(new URL('/favicon.ico', listener.redirectUri));
    expect(notHere.status).toBe(404);

    const browser = fetch(`${listener.redirectUri}?code=abc&state=xyz`);
    const callback = await listener.callback;
    expect(callback.params.get('code')).toBe('abc');
    expect(callback.params.get('state')).toBe('xyz');
    await callback.answer({ ok: true, message: 'Patchbay is connected to Xero. You can close this tab.' });

    const page = await browser;
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('Patchbay is connected to Xero. You can close this tab.');
    expect(html).not.toContain('abc');
    await expect(fetch(`${listener.redirectUri}?code=again&state=xyz`)).rejects.toThrow();
  });

  it('shows an error page with the message escaped', async () => {
    const listener = await startLoopbackListener({ appName: 'Xero' });
    const browser = fetch(`${listener.redirectUri}?error=access_denied`);
    const callback = await listener.callback;
    await callback.answer({ ok: false, message: 'You did not allow <Patchbay> & co.' });
    const page = await browser;
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('You did not allow &lt;Patchbay&gt; &amp; co.');
  });

  it('gives up after its time with a clear error, and stops listening', async () => {
    const listener = await startLoopbackListener({ appName: 'Xero', timeoutMs: 20 });
    await expect(listener.callback).rejects.toThrow(
      'Patchbay waited 1 minute for you to finish signing in to Xero in the browser. Nothing was saved.',
    );
    await expect(fetch(`${listener.redirectUri}?code=late&state=s`)).rejects.toThrow();
  });
});
