import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the Electron runtime is, found the way node_modules/electron/index.js finds it
 * but without requiring that package: requiring it starts a download when the binary
 * is missing, which these machines cannot do.
 */
export function findElectronBinary(
  projectRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const moduleDir = join(projectRoot, 'node_modules', 'electron');
  const pathFile = join(moduleDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformExecutable();
  if (relative === undefined) return undefined;
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(moduleDir, 'dist');
  const executable = join(distDir, relative);
  return existsSync(executable) ? executable : undefined;
}

// The names electron's install.js writes into path.txt.
function platformExecutable(): string | undefined {
  switch (process.platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return 'electron';
    default:
      return undefined;
  }
}

/**
 * Fetches the Electron runtime with its installer, once per machine: a machine that
 * cannot fetch it (no network, a proxy) would otherwise wait up to three minutes and
 * say "first start only" at every start. A failed try leaves a note; later starts go
 * straight to browser mode, and deleting the note tries again.
 */
export function fetchElectronOnce(
  projectRoot: string,
  options: {
    readonly say: (line: string) => void;
    readonly install?: (installer: string) => boolean;
    readonly noteDir?: string;
  },
): string | undefined {
  const installer = join(projectRoot, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return undefined;
  const note = join(
    options.noteDir ?? join(projectRoot, 'node_modules', '.cache', 'patchbay'),
    'electron-fetch-failed',
  );
  if (existsSync(note)) {
    options.say(
      `The Electron desktop runtime could not be fetched on ${readFileSync(note, 'utf8').trim()} (delete ${note} to try again).`,
    );
    return undefined;
  }
  options.say('Fetching the Electron desktop runtime (tried once; it can take a few minutes)…');
  const install =
    options.install ??
    ((file: string) =>
      spawnSync(process.execPath, [file], { cwd: projectRoot, stdio: 'ignore', timeout: 180_000 }).status ===
      0);
  const binary = install(installer) ? findElectronBinary(projectRoot) : undefined;
  if (!binary) {
    mkdirSync(dirname(note), { recursive: true });
    writeFileSync(note, `${new Date().toISOString().slice(0, 10)}\n`);
  }
  return binary;
}
