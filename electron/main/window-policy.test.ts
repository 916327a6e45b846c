import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAllowedRendererRequest,
  isAppPageUrl,
  isTrustedSender,
  resolveAppPage,
  type AppPage,
} from './window-policy.ts';

const appPage: AppPage = resolveAppPage({ isPackaged: true, env: {} });
const devPage: AppPage = { kind: 'dev-server', url: 'http://localhost:5173/' };

describe('resolveAppPage', () => {
  it('loads the built renderer from the app:// scheme by default, never file:', () => {
    expect(appPage).toEqual({ kind: 'app-protocol', url: 'app://patchbay/index.html' });
  });

  it('uses the electron-vite dev server only when unpackaged and on loopback', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(resolveAppPage({ isPackaged: false, env })).toEqual({
      kind: 'dev-server',
      url: 'http://localhost:5173/',
    });
    expect(resolveAppPage({ isPackaged: true, env }).kind).toBe('app-protocol');
    for (const url of [
      'https://evil.example/',
      'http://192.168.1.10:5173',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(resolveAppPage({ isPackaged: false, env: { ELECTRON_RENDERER_URL: url } }).kind).toBe(
        'app-protocol',
      );
    }
  });
});

describe('isAppPageUrl', () => {
  it('accepts the same index.html with any hash route or query', () => {
    expect(isAppPageUrl(appPage.url, appPage)).toBe(true);
    expect(isAppPageUrl(`${appPage.url}#/apps/42`, appPage)).toBe(true);
    expect(isAppPageUrl(`${appPage.url}?x=1`, appPage)).toBe(true);
  });

  it('refuses other files, other schemes and remote pages', () => {
    expect(isAppPageUrl('app://patchbay/other.html', appPage)).toBe(false);
    expect(isAppPageUrl('app://elsewhere/index.html', appPage)).toBe(false);
    expect(isAppPageUrl('file:///opt/Patchbay/resources/app.asar/out/renderer/index.html', appPage)).toBe(
      false,
    );
    expect(isAppPageUrl('file:///etc/passwd', appPage)).toBe(false);
    expect(isAppPageUrl('https://example.com/', appPage)).toBe(false);
    expect(isAppPageUrl('about:blank', appPage)).toBe(false);
    expect(isAppPageUrl('garbage', appPage)).toBe(false);
  });

  it('accepts any path on the dev server origin and nothing else', () => {
    expect(isAppPageUrl('http://localhost:5173/', devPage)).toBe(true);
    expect(isAppPageUrl('http://localhost:5173/apps', devPage)).toBe(true);
    expect(isAppPageUrl('http://localhost:5174/', devPage)).toBe(false);
    expect(isAppPageUrl('http://127.0.0.1:5173/', devPage)).toBe(false);
    expect(isAppPageUrl('https://localhost:5173/', devPage)).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  it('is strict for the built renderer: no inline or eval, no remote origins', () => {
    const policy = contentSecurityPolicy(appPage);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toMatch(/https?:|ws:/);
  });

  it('allows what the dev server needs, only for its own origin', () => {
    const policy = contentSecurityPolicy(devPage);
    expect(policy).toContain("script-src 'self' 'unsafe-inline'");
    expect(policy).toContain("connect-src 'self' ws://localhost:5173");
    expect(policy).not.toContain('unsafe-eval');
  });
});

describe('isAllowedExternalUrl', () => {
  it('allows https links to allow-listed vendors and their subdomains', () => {
    expect(isAllowedExternalUrl('https://app.hubspot.com/contacts/123')).toBe(true);
    expect(isAllowedExternalUrl('https://stripe.com/docs/keys')).toBe(true);
    expect(isAllowedExternalUrl('https://dashboard.stripe.com/apikeys')).toBe(true);
  });

  it("allows a page on this PC, where the demo's simulated apps serve their records", () => {
    expect(isAllowedExternalUrl('http://127.0.0.1:41234/contacts/4410021/record/0-1/7')).toBe(true);
    expect(isAllowedExternalUrl('http://localhost:8080/customers/cus_1')).toBe(true);
    for (const url of [
      'http://127.0.0.2.evil.example/',
      'http://user:pass@127.0.0.1:80/',
      'ftp://127.0.0.1/',
      'file://127.0.0.1/etc/passwd',
      'http://10.0.0.1:8080/',
    ])
      expect(isAllowedExternalUrl(url), url).toBe(false);
  });

  it('refuses other schemes, look-alike hosts, credentials and ports', () => {
    for (const url of [
      'http://app.hubspot.com/',
      'file:///C:/Windows/System32/calc.exe',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-settings:',
      'https://hubspot.com.evil.example/',
      'https://evilhubspot.com/',
      'https://user:pass@app.hubspot.com/',
      'https://app.hubspot.com:8443/',
      'https://example.com/',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('takes the allow-list as a parameter', () => {
    expect(isAllowedExternalUrl('https://docs.patchbay.example/', ['patchbay.example'])).toBe(true);
  });
});

describe('isAllowedRendererRequest', () => {
  it('allows our app:// origin, data: and blob:', () => {
    expect(isAllowedRendererRequest(appPage.url, appPage)).toBe(true);
    expect(isAllowedRendererRequest('app://patchbay/assets/index-abc.js', appPage)).toBe(true);
    expect(isAllowedRendererRequest('data:image/png;base64,AAAA', appPage)).toBe(true);
    expect(isAllowedRendererRequest('blob:app://patchbay/1234', appPage)).toBe(true);
  });

  it('cancels other files, escapes from the folder and the network', () => {
    for (const url of [
      'file:///etc/passwd',
      'file:///opt/Patchbay/resources/app.asar/out/renderer/index.html',
      'app://patchbay/..%2Fmain/index.js',
      'app://patchbay/..%5Cmain/index.js',
      'app://patchbay/%E0%A4%A',
      'app://other/index.html',
      'https://example.com/x.js',
      'http://127.0.0.1:4000/api/apps.list',
      'ws://localhost:5173/',
    ]) {
      expect(isAllowedRendererRequest(url, appPage), url).toBe(false);
    }
  });

  it('allows the dev server and its HMR socket in development', () => {
    expect(isAllowedRendererRequest('http://localhost:5173/src/main.tsx', devPage)).toBe(true);
    expect(isAllowedRendererRequest('ws://localhost:5173/', devPage)).toBe(true);
    expect(isAllowedRendererRequest('http://localhost:4000/', devPage)).toBe(false);
    expect(isAllowedRendererRequest('https://example.com/', devPage)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const trusted = { webContentsIds: new Set([7]), page: appPage };

  it('trusts only our window main frame showing our page', () => {
    expect(
      isTrustedSender({ webContentsId: 7, frameUrl: `${appPage.url}#/apps`, isMainFrame: true }, trusted),
    ).toBe(true);
  });

  it('refuses other webContents, subframes, destroyed frames and foreign pages', () => {
    expect(isTrustedSender({ webContentsId: 8, frameUrl: appPage.url, isMainFrame: true }, trusted)).toBe(
      false,
    );
    expect(isTrustedSender({ webContentsId: 7, frameUrl: appPage.url, isMainFrame: false }, trusted)).toBe(
      false,
    );
    expect(isTrustedSender({ webContentsId: 7, frameUrl: undefined, isMainFrame: true }, trusted)).toBe(
      false,
    );
    expect(
      isTrustedSender({ webContentsId: 7, frameUrl: 'https://example.com/', isMainFrame: true }, trusted),
    ).toBe(false);
  });
});
