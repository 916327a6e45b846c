// Start at login on Linux: an XDG autostart entry, the mechanism GNOME, KDE, Xfce and
// the other desktops share. https://specifications.freedesktop.org/autostart-spec/latest/
// Desktop entry format: https://specifications.freedesktop.org/desktop-entry-spec/latest/exec-variables.html
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** $XDG_CONFIG_HOME/autostart/patchbay.desktop (default ~/.config/autostart). */
export function autostartEntryPath(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): string {
  return join(env.XDG_CONFIG_HOME || join(homeDir, '.config'), 'autostart', 'patchbay.desktop');
}

/**
 * One argument of Exec=: quoted when it holds a reserved character; inside quotes `"`,
 * `` ` ``, `$` and `\` are backslash-escaped, then the string escape doubles every
 * backslash again; `%` (a field code) is doubled.
 */
export function desktopExecArgument(arg: string): string {
  const percent = arg.replace(/%/g, '%%');
  if (arg !== '' && !/[\s"'\\><~|&;$*?#()`=]/.test(arg)) return percent;
  const quoted = percent.replace(/(["`$\\])/g, '\\$1');
  return `"${quoted.replace(/\\/g, '\\\\')}"`;
}

export function autostartEntryText(options: { readonly command: readonly string[] }): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Patchbay',
    'Comment=Keeps your scheduled syncs running in the background',
    `Exec=${options.command.map(desktopExecArgument).join(' ')}`,
    'Icon=patchbay',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Writes the entry (on) or removes it (off). */
export function applyAutostartEntry(file: string, content: string | null): void {
  if (content === null) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content, { mode: 0o644 });
}
