import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
