// What `patchbay service install` registers with the OS, whatever the OS: one
// `patchbay scheduler` per workspace, started at logon (or boot, for a lingering
// systemd user), restarted after a crash, stopped with SIGTERM so runs save their place.
// Pure: the texts are built from this in systemd-unit.ts, launchd-plist.ts and
// windows-task.ts, and tested without touching the system.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';

export interface ServiceSpec {
  /** The workspace folder the scheduler runs (absolute). */
  readonly workspaceDir: string;
  /** The program and its arguments up to the command: Node and bin/patchbay.js (absolute). */
  readonly program: readonly string[];
  /** Settings the scheduler needs to find its credentials and network, copied at install time. */
  readonly environment: Readonly<Record<string, string>>;
}

/** Variables a service keeps from the installing shell: where credentials are and the office proxy. */
export const serviceEnvironmentNames = [
  'PATCHBAY_SECRETS_KEY_FILE',
  'PATCHBAY_KEYCHAIN_SERVICE',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'https_proxy',
  'http_proxy',
  'no_proxy',
] as const;

export function serviceEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of serviceEnvironmentNames) {
    const value = env[name];
    if (value) kept[name] = value;
  }
  return kept;
}

/** The arguments after the program: the scheduler on this workspace. */
export function schedulerArguments(spec: ServiceSpec): string[] {
  return [...spec.program, 'scheduler', '--workspace', spec.workspaceDir];
}

/**
 * A name for the service, one per workspace: the folder's name (letters, digits, dashes)
 * and a short hash of its full path, so two workspaces called "default" never collide.
 */
export function serviceId(workspaceDir: string): string {
  const slug =
    basename(workspaceDir)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'workspace';
  const hash = createHash('sha256').update(workspaceDir).digest('hex').slice(0, 8);
  return `patchbay-scheduler-${slug}-${hash}`;
}

/** The sentence each service file describes itself with. */
export function serviceDescription(spec: ServiceSpec): string {
  return `Patchbay scheduler for the workspace ${spec.workspaceDir}`;
}
