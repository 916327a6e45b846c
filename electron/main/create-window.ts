import { BrowserWindow, shell } from 'electron';
import type { Logger } from '../../core/ports.ts';
import { isAllowedExternalUrl, isAppPageUrl, type AppPage } from './window-policy.ts';

export interface CreateMainWindowOptions {
  readonly page: AppPage;
  /** The built, sandboxed preload (out/preload/index.cjs). */
  readonly preloadPath: string;
  readonly logger: Logger;
  /** False: made hidden (a start at login, in the tray). */
  readonly show?: boolean;
}

/**
 * The one place a BrowserWindow is made (docs/conventions.md#the-window): context isolation,
 * the OS sandbox, no Node in the page, web security on, only our own page loaded,
 * external links only to allow-listed https sites (or pages on this PC) and only in the system browser.
 * Session-wide rules (permissions, CSP header, request filter) are in harden-session.ts.
 */
export function createMainWindow(options: CreateMainWindowOptions): BrowserWindow {
  const { page, logger } = options;
  const window = new BrowserWindow({
    title: 'Patchbay',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  const contents = window.webContents;

  if (options.show !== false) window.once('ready-to-show', () => window.show());
  contents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    if (!isMainFrame) return;
    logger.error(`The window could not load ${url}: ${description} (${code})`);
    if (options.show !== false) window.show();
  });
  contents.on('render-process-gone', (_event, details) =>
    logger.error(`The window's page stopped (${details.reason}, exit code ${details.exitCode})`),
  );

  const openExternally = (url: string): void => {
    if (!isAllowedExternalUrl(url)) {
      logger.error(
        `Refused to open ${url.slice(0, 200)}: not an allow-listed https link or a page on this PC`,
      );
      return;
    }
    shell
      .openExternal(url)
      .catch((error: unknown) => logger.error(`Could not open ${url} in the browser`, error));
  };
  // Replaces the deny-all handler of guardWebContents for this window only.
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  // A plain link (no target) to a vendor's site: open it in the browser instead.
  contents.on('will-navigate', (event) => {
    if (isAppPageUrl(event.url, page)) return;
    event.preventDefault();
    openExternally(event.url);
  });

  const loading = window.loadURL(page.url);
  loading.catch((error: unknown) => logger.error(`Loading ${page.url} failed`, error));
  return window;
}
