import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { dashboardSchema } from '../../core/contract/settings.ts';
import { schedulerStatusSchema } from '../../core/contract/scheduler.ts';
import type { Logger } from '../../core/ports.ts';
import type { CoreHost } from './core-connection.ts';
import {
  trayColours,
  trayHealth,
  trayIconBitmap,
  trayMenu,
  trayTooltip,
  type TrayAction,
  type TrayState,
} from './tray-model.ts';

/** Events after which the tray reads the workspace's state again. */
const refreshOn = new Set([
  'runs.finished',
  'failures.added',
  'failures.resolved',
  'apps.circuit',
  'scheduler.logged',
]);

export interface PatchbayTray {
  /** Reads the state again and redraws the icon, tooltip and menu. */
  refresh(): Promise<void>;
  destroy(): void;
}

/**
 * The tray (menu-bar) icon: its colour says the overall health, the tooltip says it in
 * words, the menu acts. The picture comes from tray-model.ts; this only draws it.
 */
export function createTray(options: {
  readonly host: CoreHost;
  readonly act: (action: TrayAction) => void;
  /** Whether Patchbay starts at login now (undefined: not offered). */
  readonly startAtLogin: () => boolean | undefined;
  readonly logger: Logger;
}): PatchbayTray {
  const { host } = options;
  const tray = new Tray(iconFor('unknown'));
  tray.setToolTip('Patchbay: starting…');
  // Windows and Linux: a click on the icon opens the window (macOS shows the menu).
  tray.on('click', () => options.act({ kind: 'open' }));

  let reading: Promise<void> | undefined;
  let again = false;
  const refresh = (): Promise<void> => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = readState(host)
      .then((read) => {
        const startAtLogin = options.startAtLogin();
        const state = startAtLogin === undefined ? read : { ...read, startAtLogin };
        if (tray.isDestroyed()) return;
        tray.setImage(iconFor(trayHealth(state)));
        tray.setToolTip(trayTooltip(state));
        tray.setContextMenu(
          Menu.buildFromTemplate(trayMenu(state).map((entry) => toMenuItem(entry, options.act))),
        );
      })
      .catch((error: unknown) => options.logger.error('Could not update the tray', error))
      .finally(() => {
        reading = undefined;
        if (again) {
          again = false;
          void refresh();
        }
      });
    return reading;
  };

  const stopEvents = host.onEvent((event) => {
    if (refreshOn.has(event.name)) void refresh();
  });
  // Paused schedules and health also change in other processes (the background service).
  const timer = setInterval(() => void refresh(), 60_000);
  void refresh();

  return {
    refresh,
    destroy() {
      clearInterval(timer);
      stopEvents();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

async function readState(host: CoreHost): Promise<TrayState> {
  const [dashboard, scheduler] = await Promise.all([
    host.invoke('dashboard.get', {}),
    host.invoke('scheduler.status', {}),
  ]);
  if (!dashboard.ok)
    return { flows: [], schedulesPaused: false, runElsewhere: null, unavailable: dashboard.error.message };
  if (!scheduler.ok)
    return { flows: [], schedulesPaused: false, runElsewhere: null, unavailable: scheduler.error.message };
  const flows = dashboardSchema.parse(dashboard.value).flows;
  const status = schedulerStatusSchema.parse(scheduler.value);
  return { flows, schedulesPaused: status.paused, runElsewhere: status.runElsewhere };
}

function iconFor(health: ReturnType<typeof trayHealth>) {
  const size = 32;
  return nativeImage.createFromBitmap(trayIconBitmap(trayColours[health], size), {
    width: size,
    height: size,
    scaleFactor: 2,
  });
}

function toMenuItem(
  entry: ReturnType<typeof trayMenu>[number],
  act: (action: TrayAction) => void,
): MenuItemConstructorOptions {
  switch (entry.type) {
    case 'separator':
      return { type: 'separator' };
    case 'header':
      return { label: entry.label, enabled: false };
    case 'check':
      return { type: 'checkbox', label: entry.label, checked: entry.checked, click: () => act(entry.action) };
    case 'item':
      return { label: entry.label, enabled: entry.enabled, click: () => act(entry.action) };
  }
}
