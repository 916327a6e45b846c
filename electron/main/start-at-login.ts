import { app, dialog, type BrowserWindow } from 'electron';
import type { Logger } from '../../core/ports.ts';
import { applyAutostartEntry } from './autostart-entry.ts';
import { readPreferences, startAtLoginDecision, writePreferences } from './desktop-preferences.ts';
import { loginItemPlan } from './login-item.ts';

/** Registers (or removes) Patchbay's start at login with the OS. */
export function applyStartAtLogin(enabled: boolean, logger: Logger): void {
  const plan = loginItemPlan(enabled, {
    platform: process.platform,
    execPath: process.execPath,
    env: process.env,
    homeDir: app.getPath('home'),
  });
  try {
    if (plan.kind === 'login-item') app.setLoginItemSettings(plan.settings);
    else applyAutostartEntry(plan.file, plan.content);
  } catch (error) {
    logger.error('Could not change whether Patchbay starts at login', error);
  }
}

/**
 * Asked once, on the first start of an installed Patchbay (on by default: the first
 * button); later starts apply the saved answer. Unpackaged runs (development, tests)
 * never register themselves.
 */
export async function settleStartAtLogin(options: {
  readonly preferencesFile: string;
  readonly window: BrowserWindow | undefined;
  readonly logger: Logger;
}): Promise<void> {
  if (!app.isPackaged) return;
  const preferences = readPreferences(options.preferencesFile);
  let enabled = startAtLoginDecision(preferences);
  if (enabled === 'ask') {
    const question = {
      type: 'question' as const,
      title: 'Start Patchbay at login?',
      message: 'Start Patchbay when you log in?',
      detail:
        'Your flows run on their schedules only while Patchbay runs. It starts in the tray, without a window. You can change this later in the tray menu (“Start Patchbay at login”).',
      buttons: ['Start at login', 'Not now'],
      defaultId: 0,
      cancelId: 1,
    };
    const answer = options.window
      ? await dialog.showMessageBox(options.window, question)
      : await dialog.showMessageBox(question);
    enabled = answer.response === 0;
    writePreferences(options.preferencesFile, { ...preferences, startAtLogin: enabled });
  }
  applyStartAtLogin(enabled, options.logger);
}
