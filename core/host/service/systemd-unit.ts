// A systemd user unit for `patchbay scheduler` (Linux).
// https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html
// https://www.freedesktop.org/software/systemd/man/latest/systemd.syntax.html (quoting)
import { join } from 'node:path';
import { schedulerArguments, serviceDescription, type ServiceSpec } from './service-spec.ts';

/** Where user units live: $XDG_CONFIG_HOME/systemd/user (default ~/.config/systemd/user). */
export function systemdUserUnitDir(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): string {
  return join(env.XDG_CONFIG_HOME || join(homeDir, '.config'), 'systemd', 'user');
}

/**
 * One word of ExecStart= or Environment=: `%` is a specifier and `$` a variable in
 * ExecStart, so both are doubled; a word with spaces, quotes or backslashes is quoted.
 */
export function systemdWord(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_@%+=:,./$-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function systemdUnitText(spec: ServiceSpec): string {
  const environment = Object.entries(spec.environment).map(
    ([name, value]) => `Environment=${systemdWord(`${name}=${value}`)}`,
  );
  return [
    '# Written by "patchbay service install"; "patchbay service uninstall" removes it.',
    '[Unit]',
    `Description=${serviceDescription(spec).replace(/%/g, '%%')}`,
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${schedulerArguments(spec).map(systemdWord).join(' ')}`,
    ...environment,
    // SIGTERM lets each run finish the page in flight and save its place; a long page may need time.
    'KillSignal=SIGTERM',
    'TimeoutStopSec=120',
    'Restart=on-failure',
    'RestartSec=10',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}
