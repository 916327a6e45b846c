import electronUpdater from 'electron-updater';
import type { Logger } from '../../core/ports.ts';
import { updateFeedFromEnv } from './update-check.ts';

/**
 * Checks for an update once per start when a feed is configured, downloads it in the
 * background and installs it when Patchbay quits (electron-updater's notification says
 * so). Off unless configured; never in development.
 */
export function checkForUpdates(options: { isPackaged: boolean; logger: Logger }): void {
  const feed = updateFeedFromEnv(process.env);
  if ('off' in feed) {
    options.logger.info(`Update check off: ${feed.off}.`);
    return;
  }
  if (!options.isPackaged) return;
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL(feed);
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater
    .checkForUpdatesAndNotify()
    .catch((error: unknown) => options.logger.error(`The update check at ${feed.url} failed`, error));
}
