// Electron's security checklist, checked on the shell's own source and packaging
// configuration (Electronegativity, which did this, is unmaintained). Each test names the
// checklist item it guards: https://www.electronjs.org/docs/latest/tutorial/security
// A regression (sandbox off, a CSP with 'unsafe-inline', a handler that grants a
// permission, an IPC handler without the sender check, a fuse flipped) fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { contentSecurityPolicy, resolveAppPage } from './main/window-policy.ts';

const root = new URL('..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Every shell source file (tests excluded), by its path from the project root. */
const sources = new Map(
  (readdirSync(join(root, 'electron'), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => {
      const path = relative(root, join(root, 'electron', file));
      return [path, read(path)] as const;
    }),
);
const filesMatching = (pattern: RegExp) =>
  [...sources].filter(([, text]) => pattern.test(text)).map(([path]) => path);

/** The properties of the object literal assigned to `name` in a file, as source text. */
function objectProperties(path: string, name: string): Record<string, string> {
  const file = ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true);
  let found: Record<string, string> | undefined;
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAssignment(node) &&
      node.name.getText(file) === name &&
      ts.isObjectLiteralExpression(node.initializer)
    ) {
      found = {};
      for (const property of node.initializer.properties)
        if (ts.isPropertyAssignment(property))
          found[property.name.getText(file)] = property.initializer.getText(file);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (!found) throw new Error(`${path} has no ${name}: { … } object.`);
  return found;
}

/** The source of each callback passed to `receiver.method(…)` calls in a file. */
function callbacksOf(path: string, call: string): string[] {
  const file = ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText(file) === call)
      for (const arg of node.arguments)
        if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) found.push(arg.getText(file));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('Electron security checklist', () => {
  it('2–4, 16: the one window keeps context isolation, the sandbox, no Node, web security, no webviews', () => {
    expect(objectProperties('electron/main/create-window.ts', 'webPreferences')).toMatchObject({
      contextIsolation: 'true',
      sandbox: 'true',
      nodeIntegration: 'false',
      nodeIntegrationInWorker: 'false',
      nodeIntegrationInSubFrames: 'false',
      webSecurity: 'true',
      allowRunningInsecureContent: 'false',
      webviewTag: 'false',
    });
    // It is the only window: no other BrowserWindow with weaker settings.
    expect(filesMatching(/new BrowserWindow\(/)).toEqual(['electron/main/create-window.ts']);
    expect(filesMatching(/webPreferences/)).toEqual(['electron/main/create-window.ts']);
    // Every renderer, whatever its options, is sandboxed.
    expect(read('electron/main/index.ts')).toMatch(/^app\.enableSandbox\(\);$/m);
  });

  it('9: no experimental or blink features, no insecure content, no remote module anywhere', () => {
    for (const pattern of [
      /experimentalFeatures\s*:\s*true/,
      /enableBlinkFeatures/,
      /allowRunningInsecureContent\s*:\s*true/,
      /@electron\/remote|enableRemoteModule/,
      /contextIsolation\s*:\s*false/,
      /sandbox\s*:\s*false/,
      /nodeIntegration\w*\s*:\s*true/,
      /webSecurity\s*:\s*false/,
      /--no-sandbox|disable-web-security|ignore-certificate-errors/,
    ])
      expect(filesMatching(pattern), String(pattern)).toEqual([]);
  });

  it('7: a strict Content Security Policy, on every response and in the page', () => {
    const page = resolveAppPage({ isPackaged: true, env: {} });
    const policy = contentSecurityPolicy(page);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ])
      expect(policy).toContain(directive);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:|ws:/);
    // The app:// handler sends it with every file, and the page carries it in a meta tag.
    expect(read('electron/main/serve-app-protocol.ts')).toMatch(/'content-security-policy': options\.policy/);
    expect(read('electron/main/index.ts')).toMatch(
      /serveAppProtocol\(\{ rendererDir, policy: contentSecurityPolicy\(page\)/,
    );
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
      read('renderer/index.html'),
    )?.[1];
    expect(meta).toBeDefined();
    expect(meta).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(meta).toContain("script-src 'self'");
  });

  it('5: every permission request and check is refused', () => {
    const session = read('electron/main/harden-session.ts');
    expect(callbacksOf('electron/main/harden-session.ts', 'session.setPermissionRequestHandler')).toEqual([
      expect.stringMatching(/callback\(false\);\s*\}$/),
    ]);
    expect(session).toContain('session.setPermissionCheckHandler(() => false);');
    expect(session).toContain('session.setDevicePermissionHandler(() => false);');
    expect(read('electron/main/index.ts')).toContain('hardenSession(session.defaultSession, page, logger);');
  });

  it('13–14: navigation and new windows are refused in every web contents', () => {
    const file = 'electron/main/harden-session.ts';
    expect(callbacksOf(file, 'contents.setWindowOpenHandler')).toEqual([
      expect.stringMatching(/return \{ action: 'deny' \};/),
    ]);
    expect(read(file)).toMatch(/contents\.on\('will-navigate', \(event\) => blockForeign\(/);
    expect(read(file)).toMatch(/contents\.on\('will-redirect', /);
    expect(callbacksOf(file, 'contents.on').join('\n')).toMatch(
      /event\.preventDefault\(\);\s*logger\.error\('Blocked a <webview>'\)/,
    );
    expect(read(file)).toMatch(/if \(isAppPageUrl\(url, page\)\) return;\s*event\.preventDefault\(\);/);
    expect(read('electron/main/index.ts')).toContain(
      "app.on('web-contents-created', (_event, contents) => guardWebContents(contents, page, logger));",
    );
    // The window's own handler also denies, opening only allow-listed https links outside.
    expect(callbacksOf('electron/main/create-window.ts', 'contents.setWindowOpenHandler')).toEqual([
      expect.stringMatching(/return \{ action: 'deny' \};/),
    ]);
  });

  it('15: shell.openExternal only behind the https allow-list', () => {
    expect(filesMatching(/openExternal\(/)).toEqual(['electron/main/create-window.ts']);
    expect(read('electron/main/create-window.ts')).toMatch(
      /if \(!isAllowedExternalUrl\(url\)\) \{[\s\S]*?return;\s*\}\s*shell\s*\.openExternal\(url\)/,
    );
  });

  it('17: every IPC handler checks its sender, and only the bridge touches ipcMain', () => {
    expect(filesMatching(/\bipcMain\b/)).toEqual(['electron/main/ipc-bridge.ts']);
    const handlers = callbacksOf('electron/main/ipc-bridge.ts', 'ipcMain.handle');
    expect(handlers.length).toBeGreaterThan(0);
    for (const handler of handlers)
      expect(handler).toMatch(
        /const sender = senderInfo\(event\);\s*if \(!isTrustedSender\(sender, \{ webContentsIds, page \}\)\) \{[\s\S]*?return refused;\s*\}/,
      );
    expect(read('electron/main/ipc-bridge.ts')).not.toMatch(/ipcMain\.on\(|ipcMain\.handleOnce\(/);
  });

  it('18: the page comes from the app:// protocol, never file://', () => {
    expect(filesMatching(/\.loadFile\(|registerFileProtocol|interceptFileProtocol/)).toEqual([]);
    expect(
      resolveAppPage({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } }).url,
    ).toBe('app://patchbay/index.html');
    expect(read('electron/main/serve-app-protocol.ts')).toContain('protocol.handle(appScheme,');
  });

  it('packaged builds have no DevTools', () => {
    const menu = read('electron/main/app-menu.ts');
    expect(menu).not.toMatch(/toggleDevTools|viewMenu|openDevTools/);
    expect(menu).toMatch(/contents\.on\('devtools-opened', \(\) => contents\.closeDevTools\(\)\);/);
    expect(read('electron/main/index.ts')).toContain('refuseDevTools(win.webContents, app.isPackaged);');
    expect(filesMatching(/openDevTools\(/)).toEqual([]);
  });

  it('19–20: the fuses are set in electron-builder.yml, and electron-builder accepts the file', async () => {
    const config = parseYaml(read('electron-builder.yml')) as Record<string, unknown>;
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // electron-builder's own schema check, as `npm run dist` runs it first.
    const { validateConfiguration } = createRequire(import.meta.url)(
      'app-builder-lib/out/util/config/config.js',
    ) as {
      validateConfiguration(
        config: unknown,
        debugLogger: { messageTransformer: (m: string) => string },
      ): Promise<void>;
    };
    await expect(validateConfiguration(config, { messageTransformer: (m) => m })).resolves.toBeUndefined();
  });
});
