// The desktop app in the background (issue 15), driven by Playwright's Electron support:
// closing the window keeps it running (and says so once), a notification's click opens
// the view it is about, Quit from the tray closes the database cleanly. Needs
// `npm run build` and the Electron runtime; where the runtime is missing these tests
// are skipped with the reason, as shell.spec.ts is.
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  electronBinary,
  electronSkipReason,
  launchPatchbay,
  type LaunchedPatchbay,
} from '../support/electron-app.ts';

const skipReason = electronSkipReason('tray');

type Bridge = { invoke(name: string, input?: unknown): Promise<{ ok: boolean; value?: unknown }> };

test.describe('desktop app in the tray', () => {
  test.skip(electronBinary === undefined, skipReason);
  test.describe.configure({ mode: 'serial' });

  let launched: LaunchedPatchbay;
  let app: ElectronApplication;
  let page: Page;

  const call = (name: string, input: unknown = {}) =>
    page.evaluate(
      ([n, i]) => (globalThis as unknown as { patchbay: Bridge }).patchbay.invoke(n as string, i),
      [name, input] as const,
    );

  test.beforeAll(async () => {
    // Answered already: the start-at-login question must not wait on a dialog here.
    launched = await launchPatchbay({ startAtLogin: false });
    ({ app, page } = launched);
    // Capture what the app shows (a Notification, the tray's menu) to act on it as a person would.
    await app.evaluate(({ Notification, Tray }) => {
      const scope = globalThis as unknown as { shown: Notification[]; trayMenu?: Electron.Menu };
      scope.shown = [];
      const show = Notification.prototype.show;
      Notification.prototype.show = function (this: Notification) {
        scope.shown.push(this);
        show.call(this);
      };
      const setContextMenu = Tray.prototype.setContextMenu;
      Tray.prototype.setContextMenu = function (this: Electron.Tray, menu: Electron.Menu | null) {
        if (menu) scope.trayMenu = menu;
        setContextMenu.call(this, menu);
      };
    });
  });

  test.afterAll(async () => {
    await launched?.dispose();
  });

  test('closing the window keeps Patchbay running, and the first time a notification says so', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    await expect
      .poll(() =>
        app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible())),
      )
      .toEqual([false]);
    // Still running: the core answers through the hidden window.
    expect(await call('health.get')).toMatchObject({ ok: true });
    const titles = await app.evaluate(() =>
      (globalThis as unknown as { shown: { title: string }[] }).shown.map((n) => n.title),
    );
    expect(titles).toEqual(['Patchbay is still running']);
    expect(JSON.parse(readFileSync(join(launched.userDataDir, 'preferences.json'), 'utf8'))).toMatchObject({
      closeNoticeShown: true,
    });
    // A second close says nothing more.
    await app.evaluate(({ BrowserWindow }) => {
      const win = BrowserWindow.getAllWindows()[0]!;
      win.show();
      win.close();
    });
    await expect
      .poll(() => app.evaluate(() => (globalThis as unknown as { shown: unknown[] }).shown.length))
      .toBe(1);
  });

  test("a notification's click opens the view it is about", async () => {
    await call('settings.update', { notifications: true });
    const closed = 'http://127.0.0.1:9';
    const hubspot = (await call('apps.create', {
      name: 'HubSpot',
      category: 'crm',
      entities: [{ name: 'Contacts', systemOfRecord: true }],
      connector: { preset: 'hubspot', config: { baseUrl: closed } },
    })) as { value: { id: string } };
    const stripe = (await call('apps.create', {
      name: 'Stripe',
      category: 'billing',
      entities: [{ name: 'Customers' }],
      connector: { preset: 'stripe', config: { baseUrl: closed } },
    })) as { value: { id: string } };
    const flow = (await call('flows.create', {
      name: 'Contacts to customers',
      sourceAppId: hubspot.value.id,
      sourceEntity: 'Contacts',
      targetAppId: stripe.value.id,
      targetEntity: 'Customers',
      mapping: [{ source: 'email', target: 'email' }],
      matchKey: 'email',
    })) as { ok: boolean; value: { id: string } };
    expect(flow.ok).toBe(true);
    await call('flows.run', { id: flow.value.id }); // no credential: it fails and needs attention
    const title = 'Contacts to customers failed';
    const shownTitles = () =>
      app.evaluate(() => (globalThis as unknown as { shown: { title: string }[] }).shown.map((n) => n.title));
    await expect.poll(shownTitles).toContain(title);
    await app.evaluate((_electron, wanted) => {
      const { shown } = globalThis as unknown as { shown: Electron.Notification[] };
      shown.find((notice) => notice.title === wanted)!.emit('click');
    }, title);
    await expect(page).toHaveURL(new RegExp(`#/flows/${flow.value.id}/edit$`));
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible())).toBe(
      true,
    );
  });

  test('Quit from the tray menu closes the workspace database cleanly', async () => {
    await expect
      .poll(() => app.evaluate(() => Boolean((globalThis as unknown as { trayMenu?: unknown }).trayMenu)))
      .toBe(true);
    const labels = await app.evaluate(() =>
      (globalThis as unknown as { trayMenu: Electron.Menu }).trayMenu.items.map((item) => item.label),
    );
    expect(labels).toEqual(
      expect.arrayContaining(['Open Patchbay', 'Sync all now', 'Pause schedules', 'Quit Patchbay']),
    );
    const closed = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
    await app.evaluate(() => {
      const { trayMenu } = globalThis as unknown as { trayMenu: Electron.Menu };
      trayMenu.items.find((item) => item.label === 'Quit Patchbay')!.click();
    });
    await closed;
    expect(existsSync(join(launched.workspaceDir, 'patchbay.db'))).toBe(true);
    // A clean close checkpoints the write-ahead log and removes it.
    expect(existsSync(join(launched.workspaceDir, 'patchbay.db-wal'))).toBe(false);
  });
});
