import type { Session, WebContents } from 'electron';
import type { Logger } from '../../core/ports.ts';
import {
  contentSecurityPolicy,
  isAllowedRendererRequest,
  isAppPageUrl,
  type AppPage,
} from './window-policy.ts';

/**
 * Session-wide rules for every page Patchbay shows: no permission is ever granted
 * (camera, notifications-from-the-page, USB, …: the app needs none), the CSP is sent
 * with every response, and requests from a page outside our own files are cancelled.
 * Requests without a webContents (the main process's own `net` calls) are left alone.
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
export function hardenSession(session: Session, page: AppPage, logger: Logger): void {
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    logger.info(`Denied a permission request from the page: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));

  session.webRequest.onBeforeRequest((details, callback) => {
    const fromPage = details.webContentsId !== undefined;
    const cancel = fromPage && !isAllowedRendererRequest(details.url, page);
    if (cancel) logger.error(`Blocked a request from the page to ${details.url.slice(0, 200)}`);
    callback({ cancel });
  });

  // Electron applies webRequest header changes to http(s) responses (the dev server);
  // app:// answers carry the header from serve-app-protocol.ts, and renderer/index.html
  // carries the same policy in a <meta> tag too (the e2e test checks it is enforced).
  const policy = contentSecurityPolicy(page);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.webContentsId === undefined) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}

/**
 * Rules for every webContents the app ever creates (app `web-contents-created`): no
 * new windows, no <webview>, no navigation away from our page. The main window adds
 * its own window-open handler for allow-listed external links (create-window.ts).
 */
export function guardWebContents(contents: WebContents, page: AppPage, logger: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    logger.error(`Blocked a new window for ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.error('Blocked a <webview>');
  });
  const blockForeign = (event: { preventDefault(): void }, url: string, what: string): void => {
    if (isAppPageUrl(url, page)) return;
    event.preventDefault();
    logger.error(`Blocked ${what} to ${url.slice(0, 200)}`);
  };
  contents.on('will-navigate', (event) => blockForeign(event, event.url, 'a navigation'));
  contents.on('will-frame-navigate', (event) => blockForeign(event, event.url, 'a frame navigation'));
  contents.on('will-redirect', (event) => blockForeign(event, event.url, 'a redirect'));
}
