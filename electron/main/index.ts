// The desktop shell's main process: one instance, one hardened window on app://, the core
// in a utility process, the API over IPC, the tray, start at login, catch-up after sleep,
// system notifications, update check when configured.
// Runs as an ES module: everything before app `ready` happens synchronously here.
import { app, powerMonitor, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { Logger } from '../../core/ports.ts';
import { resolveWorkspaceDir } from '../../core/host/workspace-location.ts';
import { refuseDevTools, setApplicationMenu } from './app-menu.ts';
import { notify, showAttentionNotifications } from './attention-notifications.ts';
import type { CoreHost } from './core-connection.ts';
import { startCoreHost } from './core-host.ts';
import { createMainWindow } from './create-window.ts';
import { readPreferences, writePreferences } from './desktop-preferences.ts';
import { guardWebContents, hardenSession } from './harden-session.ts';
import { registerIpcBridge, type IpcBridge } from './ipc-bridge.ts';
import { startedHidden } from './login-item.ts';
import { registerAppScheme, serveAppProtocol } from './serve-app-protocol.ts';
import { applyStartAtLogin, settleStartAtLogin } from './start-at-login.ts';
import { createTray, type PatchbayTray } from './tray.ts';
import type { TrayAction } from './tray-model.ts';
import { checkForUpdates } from './updates.ts';
import { contentSecurityPolicy, resolveAppPage } from './window-policy.ts';

// Note: never import core/host/create-core.ts here: it would load better-sqlite3 in
// the main process. The core lives in out/main/core-process.js.
const logger: Logger = {
  info: (message) => console.log(`[patchbay] ${message}`),
  error: (message, error) =>
    console.error(
      `[patchbay] ${message}`,
      error instanceof Error ? (error.stack ?? error.message) : (error ?? ''),
    ),
};

const builtDir = import.meta.dirname; // out/main
const rendererDir = join(builtDir, '..', 'renderer');
const page = resolveAppPage({ isPackaged: app.isPackaged, env: process.env });

// Before `ready`: every renderer sandboxed, app:// privileged, and one profile folder
// named like the packaged app ("Patchbay", not "Electron" or the npm name) unless
// --user-data-dir chose one. The single-instance lock lives in that folder.
app.enableSandbox();
registerAppScheme();
app.setName('Patchbay');
if (!app.commandLine.hasSwitch('user-data-dir'))
  app.setPath('userData', join(app.getPath('appData'), 'Patchbay'));
if (process.platform === 'win32') app.setAppUserModelId('com.patchbay.desktop');

if (!app.requestSingleInstanceLock()) {
  // Another Patchbay has this profile (and so the workspace database): it shows its
  // window (see 'second-instance'), and this one leaves without opening anything.
  logger.info('Patchbay is already running; showing its window.');
  app.quit();
} else {
  runShell();
}

function runShell(): void {
  let mainWindow: BrowserWindow | undefined;
  let host: CoreHost | undefined;
  let bridge: IpcBridge | undefined;
  let tray: PatchbayTray | undefined;
  let closedCleanly = false;
  let quitting = false;
  const preferencesFile = join(app.getPath('userData'), 'preferences.json');

  const workspaceDir = resolveWorkspaceDir({
    argv: process.argv,
    env: process.env,
    platform: process.platform,
    homeDir: app.getPath('home'),
  });

  /** Shows the window (making it again if it was closed), on `route` if given. */
  const openWindow = (route?: string): void => {
    if (!host || quitting) return;
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = makeWindow(true);
    const win = mainWindow;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    // The renderer routes with the hash; JSON.stringify keeps the route a string literal.
    if (route !== undefined)
      void win.webContents
        .executeJavaScript(`location.hash = ${JSON.stringify(`#${route}`)}`)
        .catch((error: unknown) => logger.error(`Could not open ${route}`, error));
  };

  const makeWindow = (show: boolean): BrowserWindow => {
    const win = createMainWindow({
      page,
      preloadPath: join(builtDir, '..', 'preload', 'index.cjs'),
      logger,
      show,
    });
    refuseDevTools(win.webContents, app.isPackaged);
    bridge?.attachWindow(win.webContents);
    // Closing the window keeps Patchbay running in the tray; the first time, it says so.
    win.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      win.hide();
      const preferences = readPreferences(preferencesFile);
      if (preferences.closeNoticeShown) return;
      writePreferences(preferencesFile, { ...preferences, closeNoticeShown: true });
      notify(
        {
          title: 'Patchbay is still running',
          body: 'Your flows keep syncing on their schedules. Open Patchbay or quit it from its icon in the tray.',
        },
        undefined,
        openWindow,
      );
    });
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = undefined;
    });
    return win;
  };

  const act = (action: TrayAction): void => {
    switch (action.kind) {
      case 'open':
        return openWindow(action.route);
      case 'quit':
        return app.quit();
      case 'syncAll':
        return void syncAll();
      case 'pauseSchedules':
      case 'resumeSchedules': {
        const name = action.kind === 'pauseSchedules' ? 'scheduler.pause' : 'scheduler.resume';
        void host?.invoke(name, {}).then((result) => {
          if (!result.ok) logger.error(`${name} failed: ${result.error.message}`);
          void tray?.refresh();
        });
        return;
      }
      case 'startAtLogin': {
        writePreferences(preferencesFile, {
          ...readPreferences(preferencesFile),
          startAtLogin: action.enabled,
        });
        applyStartAtLogin(action.enabled, logger);
        void tray?.refresh();
        return;
      }
    }
  };

  /** "Sync all now": every flow that is switched on, at once (the core's pool limits runs at once). */
  const syncAll = async (): Promise<void> => {
    const flows = await host?.invoke('flows.list', {});
    if (!flows?.ok) return;
    const runnable = (flows.value as { id: string; enabled: boolean; pausedReason: string | null }[]).filter(
      (flow) => flow.enabled && flow.pausedReason === null,
    );
    const results = await Promise.all(runnable.map((flow) => host!.invoke('flows.run', { id: flow.id })));
    for (const result of results) if (!result.ok) logger.error(`Sync all now: ${result.error.message}`);
    await tray?.refresh();
  };

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const asked = resolveWorkspaceDir({
      argv,
      env: process.env,
      platform: process.platform,
      homeDir: app.getPath('home'),
      cwd: workingDirectory,
    });
    if (asked !== workspaceDir) {
      logger.info(
        `A second launch asked for the workspace ${asked}; this window keeps ${workspaceDir} open.`,
      );
    }
    openWindow();
  });

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, page, logger));

  // Patchbay lives in the tray: closing its last window does not quit it.
  app.on('window-all-closed', () => {});
  // macOS: a click on the Dock icon opens the window again.
  app.on('activate', () => openWindow());

  // Quit (tray, Cmd+Q, the OS logging out): hold it until the core has let each run
  // finish its page in flight and closed the database, then quit again.
  app.on('before-quit', (event) => {
    quitting = true;
    if (closedCleanly || !host) return;
    event.preventDefault();
    if (bridge === undefined) return;
    bridge.dispose();
    bridge = undefined;
    tray?.destroy();
    void host
      .close()
      .catch((error: unknown) => logger.error('Closing the core failed', error))
      .finally(() => {
        closedCleanly = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession, page, logger);
      serveAppProtocol({ rendererDir, policy: contentSecurityPolicy(page), logger });
      setApplicationMenu({ isPackaged: app.isPackaged, platform: process.platform });
      const core = startCoreHost({
        modulePath: join(builtDir, 'core-process.js'),
        workspaceDir,
        demo: process.argv.includes('--demo'),
        logger,
      });
      host = core;
      bridge = registerIpcBridge({ host: core, page, logger });
      const hidden = startedHidden({
        argv: process.argv,
        platform: process.platform,
        wasOpenedAtLogin: process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
      });
      mainWindow = makeWindow(!hidden);
      tray = createTray({
        host: core,
        act,
        logger,
        startAtLogin: () =>
          app.isPackaged ? readPreferences(preferencesFile).startAtLogin === true : undefined,
      });
      showAttentionNotifications(core, openWindow, logger);
      // Scheduled runs missed while the PC slept are handled by each flow's catch-up policy.
      powerMonitor.on('resume', () => {
        void core.invoke('scheduler.catchUp', {}).then((result) => {
          if (!result.ok) logger.error(`Catching up after sleep failed: ${result.error.message}`);
        });
      });
      void settleStartAtLogin({ preferencesFile, window: hidden ? undefined : mainWindow, logger }).then(() =>
        tray?.refresh(),
      );
      checkForUpdates({ isPackaged: app.isPackaged, logger });
    })
    .catch((error: unknown) => {
      logger.error('Patchbay could not start', error);
      app.exit(1);
    });
}
