// The window's security rules as plain functions: no electron import, so they are
// unit-tested in plain Node (window-policy.test.ts). create-window.ts, harden-session.ts
// and ipc-bridge.ts apply them. Background: https://www.electronjs.org/docs/latest/tutorial/security
import { rendererContentSecurityPolicy } from '../../core/host/content-security-policy.ts';

/**
 * The built renderer is served from our own scheme (app-protocol.ts), not file:, so the
 * page has a real origin and can reach no file on disk (Electron security checklist,
 * item 18: https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols).
 */
export const appScheme = 'app';
export const appOrigin = `${appScheme}://patchbay`;

/** Where the window's one page comes from: the built renderer on app://, or the dev server. */
export interface AppPage {
  readonly kind: 'app-protocol' | 'dev-server';
  /** The exact URL the window loads (`app://patchbay/index.html` or `http://localhost:5173/`). */
  readonly url: string;
}

/**
 * The page to load. electron-vite's dev server sets ELECTRON_RENDERER_URL; it is honoured
 * only in an unpackaged app and only on a loopback http address, so an environment
 * variable can never point a packaged Patchbay at remote content.
 */
export function resolveAppPage(options: {
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
}): AppPage {
  const devUrl = options.env.ELECTRON_RENDERER_URL;
  if (!options.isPackaged && devUrl !== undefined && isLoopbackHttpUrl(devUrl)) {
    return { kind: 'dev-server', url: new URL(devUrl).href };
  }
  return { kind: 'app-protocol', url: `${appOrigin}/index.html` };
}

function isLoopbackHttpUrl(value: string): boolean {
  const url = parseUrl(value);
  return url !== undefined && url.protocol === 'http:' && loopbackHosts.has(url.hostname);
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Is `candidate` our own app page? For the built renderer: app://patchbay/index.html
 * (any query or #route; the renderer routes with the hash). For the dev server: the
 * same origin (it serves only our app).
 */
export function isAppPageUrl(candidate: string, page: AppPage): boolean {
  const url = parseUrl(candidate);
  const own = parseUrl(page.url);
  if (url === undefined || own === undefined) return false;
  if (page.kind === 'dev-server') return url.origin === own.origin;
  return isOwnOrigin(url) && url.pathname === own.pathname;
}

function isOwnOrigin(url: URL): boolean {
  return `${url.protocol}//${url.host}` === appOrigin;
}

/**
 * The one CSP for the window. The production policy is the same as browser mode's
 * (core/host/content-security-policy.ts), so the renderer's Chromium tests exercise the same rules.
 * The dev server additionally needs inline scripts and styles (React Fast Refresh
 * preamble, Vite's CSS injection) and its HMR WebSocket; that policy is never used by
 * a packaged app.
 */
export function contentSecurityPolicy(page: AppPage): string {
  if (page.kind === 'app-protocol') return productionPolicy;
  const origin = new URL(page.url);
  const socket = `ws://${origin.host}`;
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${socket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const productionPolicy = rendererContentSecurityPolicy;

/**
 * Sites a link in the UI may open in the system browser: the vendors of the apps
 * Patchbay connects (a "Open in HubSpot" or "Where do I find my API key?" link). A
 * domain allows its subdomains.
 */
export const externalLinkDomains: readonly string[] = [
  'airtable.com',
  'google.com',
  'hubspot.com',
  'intuit.com',
  'mailchimp.com',
  'myshopify.com',
  'pipedrive.com',
  'shopify.com',
  'stripe.com',
  'xero.com',
  'zendesk.com',
];

/**
 * May this URL be handed to the operating system (shell.openExternal)? Plain https links
 * to an allow-listed domain, without credentials or an unusual port; or a page on this
 * PC (http or https on a loopback address, any port), where an app pointed at a local
 * stand-in keeps its records (the demo's simulated apps: "Open in HubSpot" on a failed
 * record). openExternal on an arbitrary URL can start any registered protocol handler.
 */
export function isAllowedExternalUrl(
  candidate: string,
  domains: readonly string[] = externalLinkDomains,
): boolean {
  const url = parseUrl(candidate);
  if (url === undefined || url.username !== '' || url.password !== '') return false;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && loopbackHosts.has(url.hostname)) return true;
  if (url.protocol !== 'https:' || url.port !== '') return false;
  const host = url.hostname.toLowerCase();
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * May the page make this request at all? Defence in depth behind the CSP: our own
 * page's files (app://patchbay/…, or the dev server), and in-memory data. Everything
 * else from the renderer (file:, http, https, ws) is cancelled.
 */
export function isAllowedRendererRequest(candidate: string, page: AppPage): boolean {
  const url = parseUrl(candidate);
  const own = parseUrl(page.url);
  if (url === undefined || own === undefined) return false;
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'devtools:') return true;
  if (page.kind === 'dev-server') {
    const socketOrigin = `ws://${own.host}`;
    return url.origin === own.origin || `${url.protocol}//${url.host}` === socketOrigin;
  }
  return isOwnOrigin(url) && !hasEncodedParentSegment(url.pathname);
}

/** `..%2F` or `..%5C` survive URL parsing as one segment but may become `../` on disk. */
export function hasEncodedParentSegment(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return true;
  }
  return decoded.split(/[\\/]/).includes('..');
}

/** What the IPC bridge knows about the frame that sent a call. */
export interface SenderInfo {
  readonly webContentsId: number;
  /** Undefined when the frame was destroyed or navigated away before the call arrived. */
  readonly frameUrl: string | undefined;
  readonly isMainFrame: boolean;
}

/**
 * Only our own window's main frame, showing our own page, may call the API: not a
 * subframe, not another webContents (devtools, a future webview), not a page that
 * somehow navigated elsewhere.
 */
export function isTrustedSender(
  sender: SenderInfo,
  trusted: { webContentsIds: ReadonlySet<number>; page: AppPage },
): boolean {
  return (
    trusted.webContentsIds.has(sender.webContentsId) &&
    sender.isMainFrame &&
    sender.frameUrl !== undefined &&
    isAppPageUrl(sender.frameUrl, trusted.page)
  );
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
