// The desktop shell, driven by Playwright's Electron support: one hardened window,
// the API through window.patchbay, navigation locked to our page, one instance.
// Needs `npm run build` first (npm run test:e2e does it) and the Electron runtime,
// which is downloaded on first launch: where it is missing, these tests are skipped.
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  electronAppEnv,
  electronBinary,
  electronSkipReason,
  mainEntry,
  projectRoot,
} from '../support/electron-app.ts';

const rendererIndex = join(projectRoot, 'out', 'renderer', 'index.html');
const screenshotFile = join(projectRoot, 'e2e', 'artifacts', 'electron-window.png');
const skipReason = electronSkipReason('desktop shell');

test.describe('desktop shell', () => {
  test.skip(electronBinary === undefined, skipReason);
  test.describe.configure({ mode: 'serial' });

  let scratch: string;
  let workspaceDir: string;
  let userDataDir: string;
  let app: ElectronApplication;
  let page: Page;

  /** The app's own arguments: a throw-away workspace and profile (and so its own instance lock). */
  const appArgs = (): string[] => [mainEntry, '--workspace', workspaceDir, `--user-data-dir=${userDataDir}`];

  const appEnv = (): Record<string, string> => electronAppEnv({ PATCHBAY_HOME: join(scratch, 'home') });

  test.beforeAll(async () => {
    for (const file of [mainEntry, rendererIndex]) {
      if (!existsSync(file))
        throw new Error(`${file} is missing: run "npm run build" before the Electron tests.`);
    }
    scratch = mkdtempSync(join(tmpdir(), 'patchbay-electron-e2e-'));
    workspaceDir = join(scratch, 'workspace');
    userDataDir = join(scratch, 'user-data');
    app = await _electron.launch({
      executablePath: electronBinary!,
      args: appArgs(),
      env: appEnv(),
      cwd: projectRoot,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close().catch(() => {});
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('opens one window on the built renderer (app://), with no Node in the page', async () => {
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toMatch(/^app:\/\/patchbay\/index\.html(#.*)?$/);

    const windows = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((window) => ({
        visible: window.isVisible(),
        minimum: window.getMinimumSize(),
      })),
    );
    expect(windows).toEqual([{ visible: true, minimum: [960, 600] }]);

    const globals = await page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown>;
      return {
        process: typeof scope.process,
        require: typeof scope.require,
        module: typeof scope.module,
        Buffer: typeof scope.Buffer,
        patchbay: Object.keys(scope.patchbay as object).sort(),
      };
    });
    expect(globals).toEqual({
      process: 'undefined',
      require: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
      patchbay: ['invoke', 'on'],
    });
  });

  test('answers the API through window.patchbay, with typed errors', async () => {
    const answers = await page.evaluate(async () => {
      const bridge = (
        globalThis as unknown as { patchbay: { invoke(name: string, input?: unknown): Promise<unknown> } }
      ).patchbay;
      return {
        health: await bridge.invoke('health.get', {}),
        unknown: await bridge.invoke('no.such.method', {}),
        invalid: await bridge.invoke('apps.create', { name: '' }),
      };
    });
    expect(answers.health).toMatchObject({
      ok: true,
      value: { status: 'ok', workspace: { dir: workspaceDir } },
    });
    expect(answers.unknown).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(answers.invalid).toMatchObject({ ok: false, error: { kind: 'invalid_input', field: 'name' } });
  });

  test('delivers core events to the page until it unsubscribes', async () => {
    const counts = await page.evaluate(async () => {
      const bridge = (
        globalThis as unknown as {
          patchbay: {
            invoke(name: string, input?: unknown): Promise<unknown>;
            on(name: string, listener: (payload: unknown) => void): () => void;
          };
        }
      ).patchbay;
      const seen: unknown[] = [];
      const first = new Promise<void>((resolve) => {
        const stop = bridge.on('apps.changed', (payload) => {
          seen.push(payload);
          stop();
          resolve();
        });
      });
      await bridge.invoke('apps.create', { name: 'Electron Test CRM' });
      await first;
      await bridge.invoke('apps.create', { name: 'Electron Test Books' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      let refused = '';
      try {
        bridge.on('not.an.event', () => {});
      } catch (error) {
        refused = (error as Error).message;
      }
      return { seen: seen.length, refused };
    });
    expect(counts).toEqual({ seen: 1, refused: expect.stringContaining('not.an.event') });
  });

  test('enforces the Content Security Policy', async () => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await page.reload();
    await page.waitForLoadState('load');
    // The renderer itself must run under the policy without violations…
    expect(violations, 'the renderer broke the CSP while loading').toEqual([]);
    // …and injected inline script must not run.
    const inlineRan = await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__patchbayInlineRan = true';
      document.head.append(script);
      return window.__patchbayInlineRan === true;
    })()`);
    expect(inlineRan).toBe(false);
  });

  test('keeps the window on our page and opens no other windows', async () => {
    const appUrl = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    const opened = await page.evaluate(
      () => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null,
    );
    await page.waitForTimeout(1000);
    expect(page.url()).toBe(appUrl);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('a second launch on the same profile leaves without opening a window', async () => {
    const extra = process.platform === 'linux' ? ['--no-sandbox'] : [];
    const second = spawn(electronBinary!, [...appArgs(), ...extra], {
      env: appEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    second.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        second.kill();
        reject(new Error(`The second instance did not quit within 20 s.\n${stderr}`));
      }, 20_000);
      second.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(code, stderr).toBe(0);
    expect(app.windows()).toHaveLength(1);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  test('takes a screenshot of the window', async () => {
    mkdirSync(join(projectRoot, 'e2e', 'artifacts'), { recursive: true });
    await page.screenshot({ path: screenshotFile });
    expect(existsSync(screenshotFile)).toBe(true);
  });

  test('closing the app closes the workspace database cleanly', async () => {
    await app.close();
    expect(existsSync(join(workspaceDir, 'patchbay.db'))).toBe(true);
    // A clean close checkpoints the write-ahead log and removes it.
    expect(existsSync(join(workspaceDir, 'patchbay.db-wal'))).toBe(false);
  });
});
