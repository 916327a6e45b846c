// Registers, removes and reports the scheduler service with the OS's own service
// manager. Each answer is a list of plain sentences for the terminal; what could not be
// done (systemd not running here, launchctl refusing) is said, never hidden.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchAgentDir, launchdLabel, launchdPlistText } from './launchd-plist.ts';
import { serviceId, type ServiceSpec } from './service-spec.ts';
import { systemdUnitText, systemdUserUnitDir } from './systemd-unit.ts';
import { windowsTaskName, windowsTaskXml } from './windows-task.ts';

export interface ServiceSite {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  /** For launchctl's gui/<uid> domain. */
  readonly uid: number;
}

export interface OsService {
  /** The file that describes the service to the OS. */
  readonly file: string;
  install(spec: ServiceSpec): string[];
  uninstall(): string[];
  status(): string[];
}

/** A tool's answer: ran and succeeded, or why not, in its own first line. */
function run(command: string, args: readonly string[]): { ok: boolean; output: string; text: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.error) {
    const output = `${command} is not available (${result.error.message})`;
    return { ok: false, output, text: output };
  }
  const text = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  return { ok: result.status === 0, output: text.split('\n')[0] ?? '', text };
}

export function osService(workspaceDir: string, site: ServiceSite): OsService {
  const id = serviceId(workspaceDir);
  switch (site.platform) {
    case 'darwin':
      return launchdService(id, site);
    case 'win32':
      return windowsService(id, workspaceDir, site);
    default:
      return systemdService(id, site);
  }
}

function systemdService(id: string, site: ServiceSite): OsService {
  const unitDir = systemdUserUnitDir(site.env, site.homeDir);
  const unit = `${id}.service`;
  const file = join(unitDir, unit);
  // What `systemctl --user enable` makes, so the service starts at the next login even
  // where systemctl cannot reach systemd now.
  const wanted = join(unitDir, 'default.target.wants', unit);
  const systemctl = (...args: string[]) => run('systemctl', ['--user', ...args]);
  return {
    file,
    install(spec) {
      mkdirSync(join(unitDir, 'default.target.wants'), { recursive: true });
      writeFileSync(file, systemdUnitText(spec), { mode: 0o644 });
      if (!isLink(wanted)) symlinkSync(join('..', unit), wanted);
      const lines = [`Wrote the systemd user unit ${file} and enabled it (it starts at your next login).`];
      const reload = systemctl('daemon-reload');
      if (!reload.ok) return [...lines, ...systemdUnreachable(reload.output, unit)];
      const start = systemctl('restart', unit);
      return [
        ...lines,
        start.ok ? `Started ${unit}.` : `systemctl could not start ${unit}: ${start.output}`,
        lingerAdvice,
      ];
    },
    uninstall() {
      const stop = systemctl('disable', '--now', unit);
      const existed = existsSync(file);
      rmSync(wanted, { force: true });
      rmSync(file, { force: true });
      if (stop.ok) systemctl('daemon-reload');
      return [
        existed ? `Removed the systemd user unit ${file}.` : `There was no systemd user unit at ${file}.`,
        ...(stop.ok || !existed
          ? []
          : [`systemctl could not stop it (${stop.output}); it will not start again.`]),
      ];
    },
    status() {
      if (!existsSync(file)) return [`Not installed: there is no systemd user unit at ${file}.`];
      const lines = [
        `Installed: the systemd user unit ${file}.`,
        isLink(wanted) ? 'Enabled: it starts when you log in.' : 'Not enabled: it does not start by itself.',
      ];
      const active = systemctl('is-active', unit);
      if (active.output === 'active' || active.output === 'inactive' || active.output === 'failed')
        return [...lines, `systemd says it is ${active.output}.`];
      return [...lines, `Whether it runs now is unknown: systemctl is unavailable here (${active.output}).`];
    },
  };
}

const lingerAdvice =
  'To run it while nobody is logged in (a server), run once: loginctl enable-linger "$USER".';

function systemdUnreachable(output: string, unit: string): string[] {
  return [
    `systemctl cannot reach systemd for this user here (${output}), so ${unit} was not started now.`,
    `In a login session, run: systemctl --user daemon-reload && systemctl --user start ${unit}`,
    lingerAdvice,
  ];
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function launchdService(id: string, site: ServiceSite): OsService {
  const label = launchdLabel(id);
  const file = join(launchAgentDir(site.homeDir), `${label}.plist`);
  const domain = `gui/${site.uid}`;
  return {
    file,
    install(spec) {
      const logDir = join(site.homeDir, 'Library', 'Logs', 'Patchbay');
      mkdirSync(logDir, { recursive: true });
      mkdirSync(launchAgentDir(site.homeDir), { recursive: true });
      // A loaded agent keeps its old definition until it is booted out.
      run('launchctl', ['bootout', `${domain}/${label}`]);
      writeFileSync(file, launchdPlistText(spec, { id, logDir }), { mode: 0o644 });
      const loaded = run('launchctl', ['bootstrap', domain, file]);
      return [
        `Wrote the launch agent ${file}; it starts when you log in.`,
        loaded.ok ? `Started ${label}.` : `launchctl could not start it now: ${loaded.output}`,
      ];
    },
    uninstall() {
      const existed = existsSync(file);
      run('launchctl', ['bootout', `${domain}/${label}`]);
      rmSync(file, { force: true });
      return [existed ? `Removed the launch agent ${file}.` : `There was no launch agent at ${file}.`];
    },
    status() {
      if (!existsSync(file)) return [`Not installed: there is no launch agent at ${file}.`];
      const loaded = run('launchctl', ['print', `${domain}/${label}`]);
      return [
        `Installed: the launch agent ${file}; it starts when you log in.`,
        loaded.ok ? 'launchd has it loaded.' : `launchd does not have it loaded (${loaded.output}).`,
      ];
    },
  };
}

function windowsService(id: string, workspaceDir: string, site: ServiceSite): OsService {
  const task = windowsTaskName(id);
  // schtasks reads the definition from a file; it is kept with the workspace, for the record.
  const file = join(workspaceDir, `${id}.task.xml`);
  const userId = `${site.env.USERDOMAIN ?? '.'}\\${site.env.USERNAME ?? ''}`;
  return {
    file,
    install(spec) {
      mkdirSync(workspaceDir, { recursive: true });
      writeFileSync(file, `\ufeff${windowsTaskXml(spec, { id, userId })}`, { encoding: 'utf16le' });
      const created = run('schtasks', ['/Create', '/TN', task, '/XML', file, '/F']);
      if (!created.ok) return [`Task Scheduler refused the task ${task}: ${created.output}`];
      const started = run('schtasks', ['/Run', '/TN', task]);
      return [
        `Registered the task ${task}; it starts when you log on.`,
        started.ok ? 'Started it.' : `It could not be started now: ${started.output}`,
      ];
    },
    uninstall() {
      run('schtasks', ['/End', '/TN', task]);
      const deleted = run('schtasks', ['/Delete', '/TN', task, '/F']);
      rmSync(file, { force: true });
      return [deleted.ok ? `Removed the task ${task}.` : `There was no task ${task} (${deleted.output}).`];
    },
    status() {
      const query = run('schtasks', ['/Query', '/TN', task, '/FO', 'LIST']);
      if (!query.ok) return [`Not installed: Task Scheduler has no task ${task}.`];
      const state = /Status:\s*(.+)/.exec(query.text)?.[1]?.trim();
      return [
        `Installed: the task ${task}; it starts when you log on.`,
        `Task Scheduler says: ${state ?? 'unknown'}.`,
      ];
    },
  };
}
