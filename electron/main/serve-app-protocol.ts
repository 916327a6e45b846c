import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import type { Logger } from '../../core/ports.ts';
import { contentTypeOf, rendererFileFor } from './app-protocol.ts';
import { appScheme } from './window-policy.ts';

/**
 * Before app `ready`: app:// is a standard, secure scheme (a real origin for the page,
 * fetch allowed), and not bypassing the CSP.
 * https://www.electronjs.org/docs/latest/api/protocol#protocolregisterschemesasprivilegedcustomschemes
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * After `ready`: answers app://patchbay/… with the built renderer's files, each with the
 * CSP header (the same policy as the page's meta tag) and no MIME sniffing.
 */
export function serveAppProtocol(options: { rendererDir: string; policy: string; logger: Logger }): void {
  protocol.handle(appScheme, async (request) => {
    const file = rendererFileFor(request.url, options.rendererDir);
    if (file === undefined) {
      options.logger.error(`Refused app:// request for ${request.url.slice(0, 200)}`);
      return new Response('Not found', { status: 404 });
    }
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': contentTypeOf(file),
          'content-security-policy': options.policy,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
