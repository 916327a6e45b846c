import { isAbsolute, join, resolve } from 'node:path';

export interface WorkspaceLocationInput {
  /** Command-line arguments; `--workspace DIR` (or `--workspace=DIR`) wins. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly homeDir: string;
  readonly cwd?: string;
}

/**
 * Patchbay's home: PATCHBAY_HOME, else the OS's app-data directory
 * (%APPDATA%\Patchbay, ~/Library/Application Support/Patchbay, $XDG_CONFIG_HOME/Patchbay).
 */
export function patchbayHome(input: Omit<WorkspaceLocationInput, 'argv'>): string {
  const { env, platform, homeDir } = input;
  if (env.PATCHBAY_HOME) return resolve(input.cwd ?? process.cwd(), env.PATCHBAY_HOME);
  if (platform === 'win32') return join(env.APPDATA ?? join(homeDir, 'AppData', 'Roaming'), 'Patchbay');
  if (platform === 'darwin') return join(homeDir, 'Library', 'Application Support', 'Patchbay');
  const config =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homeDir, '.config');
  return join(config, 'Patchbay');
}

/** A named workspace folder under Patchbay's home (`default`, `demo`, a client's name). */
export function namedWorkspaceDir(input: Omit<WorkspaceLocationInput, 'argv'>, name: string): string {
  return join(patchbayHome(input), 'workspaces', name);
}

/** The workspace folder to open: `--workspace DIR`, else the default workspace under Patchbay's home. */
export function resolveWorkspaceDir(input: WorkspaceLocationInput): string {
  const flag = workspaceFlag(input.argv);
  if (flag !== undefined) return resolve(input.cwd ?? process.cwd(), flag);
  return namedWorkspaceDir(input, 'default');
}

/** The folder `--workspace DIR` names, as typed; undefined when the line names none. */
export function workspaceFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--workspace') return argv[i + 1];
    if (arg.startsWith('--workspace=')) return arg.slice('--workspace='.length);
  }
  return undefined;
}
