// Start at login, the way each OS expects it: Electron's login items on Windows (the Run
// registry key, with our arguments) and macOS (Login Items), an XDG autostart entry on
// Linux. Pure: the choice is tested in plain Node (login-item.test.ts); index.ts applies it.
// https://www.electronjs.org/docs/latest/api/app#appsetloginitemsettingssettings-macos-windows
import { autostartEntryPath, autostartEntryText } from './autostart-entry.ts';

/** The argument a start at login passes: Patchbay opens in the tray, without its window. */
export const startHiddenArgument = '--hidden';

export type LoginItemPlan =
  | {
      readonly kind: 'login-item';
      readonly settings: { openAtLogin: boolean; path?: string; args?: string[] };
    }
  | { readonly kind: 'xdg-autostart'; readonly file: string; readonly content: string | null };

export interface LoginItemSite {
  readonly platform: NodeJS.Platform;
  readonly execPath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
}

export function loginItemPlan(enabled: boolean, site: LoginItemSite): LoginItemPlan {
  switch (site.platform) {
    case 'win32':
      return {
        kind: 'login-item',
        settings: { openAtLogin: enabled, path: site.execPath, args: [startHiddenArgument] },
      };
    case 'darwin':
      // macOS passes no arguments to login items: index.ts asks wasOpenedAtLogin instead.
      return { kind: 'login-item', settings: { openAtLogin: enabled } };
    default: {
      // An AppImage runs from a temporary mount: start the .AppImage file itself.
      const program = site.env.APPIMAGE || site.execPath;
      return {
        kind: 'xdg-autostart',
        file: autostartEntryPath(site.env, site.homeDir),
        content: enabled ? autostartEntryText({ command: [program, startHiddenArgument] }) : null,
      };
    }
  }
}

/** Was this start a start at login (so the window stays hidden)? */
export function startedHidden(options: {
  readonly argv: readonly string[];
  readonly platform: NodeJS.Platform;
  readonly wasOpenedAtLogin: boolean;
}): boolean {
  return (
    options.argv.includes(startHiddenArgument) || (options.platform === 'darwin' && options.wasOpenedAtLogin)
  );
}
