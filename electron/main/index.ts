// The desktop shell's main process: one instance, one hardened window, the core in a
// utility process, the API over IPC, catch-up after sleep, system notifications. The tray comes later.
// Runs as an ES module: everything before app `ready` happens synchronously here.
import { app, powerMonitor, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { Logger } from '../../core/ports.ts';
import { resolveWorkspaceDir } from '../../core/host/workspace-location.ts';
import { showAttentionNotifications } from './attention-notifications.ts';
import type { CoreHost } from './core-connection.ts';
import { startCoreHost } from './core-host.ts';
import { createMainWindow } from './create-window.ts';
import { guardWebContents, hardenSession } from './harden-session.ts';
import { registerIpcBridge, type IpcBridge } from './ipc-bridge.ts';
import { resolveAppPage } from './window-policy.ts';

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
const page = resolveAppPage({
  isPackaged: app.isPackaged,
  env: process.env,
  rendererIndexFile: join(builtDir, '..', 'renderer', 'index.html'),
});

// Before `ready`: every renderer sandboxed, and one profile folder named like the
// packaged app ("Patchbay", not "Electron" or the npm name) unless --user-data-dir
// chose one. The single-instance lock lives in that folder.
app.enableSandbox();
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
  let closedCleanly = false;
  let closing = false;

  const workspaceDir = resolveWorkspaceDir({
    argv: process.argv,
    env: process.env,
    platform: process.platform,
    homeDir: app.getPath('home'),
  });

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
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, page, logger));

  // Until the tray exists, closing the window quits (on macOS too).
  app.on('window-all-closed', () => app.quit());

  // Close the core (and so the database) before quitting: hold the quit, close, quit again.
  app.on('before-quit', (event) => {
    if (closedCleanly || !host) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    bridge?.dispose();
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
      host = startCoreHost({
        modulePath: join(builtDir, 'core-process.js'),
        workspaceDir,
        demo: process.argv.includes('--demo'),
        logger,
      });
      bridge = registerIpcBridge({ host, page, logger });
      mainWindow = createMainWindow({
        page,
        preloadPath: join(builtDir, '..', 'preload', 'index.cjs'),
        logger,
      });
      bridge.attachWindow(mainWindow.webContents);
      showAttentionNotifications(host, () => mainWindow, logger);
      // Scheduled runs missed while the PC slept are handled by each flow's catch-up policy.
      powerMonitor.on('resume', () => {
        void host?.invoke('scheduler.catchUp', {}).then((result) => {
          if (!result.ok) logger.error(`Catching up after sleep failed: ${result.error.message}`);
        });
      });
      mainWindow.on('closed', () => {
        mainWindow = undefined;
      });
    })
    .catch((error: unknown) => {
      logger.error('Patchbay could not start', error);
      app.exit(1);
    });
}
