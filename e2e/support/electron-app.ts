// What the Electron specs share: where the built app and the runtime are, why they are
// skipped without it, and the environment the app is started with.
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../../scripts/electron-binary.ts';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const mainEntry = join(projectRoot, 'out', 'main', 'index.js');
export const electronBinary = findElectronBinary(projectRoot);

/** The skip reason, said once in the run's output (the list reporter shows a skip without it). */
export function electronSkipReason(what: string): string {
  const reason = `Electron runtime binary is not installed (node_modules/electron/dist is missing; Electron 45 downloads it on first launch and this machine cannot reach the download host), so the ${what} tests are skipped.`;
  if (electronBinary === undefined && !process.env.TEST_WORKER_INDEX)
    console.log(`Electron ${what}: ${reason}`);
  return reason;
}

/** This process's environment for the app: never run as Node, always the built renderer. */
export function electronAppEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.ELECTRON_RENDERER_URL; // always the built renderer, never a dev server
  return { ...env, ...extra };
}

export interface LaunchedPatchbay {
  readonly app: ElectronApplication;
  readonly page: Page;
  readonly scratch: string;
  readonly workspaceDir: string;
  readonly userDataDir: string;
  /** Closes the app if it still runs and removes the throw-away folders. */
  dispose(): Promise<void>;
}

/** The built app on a throw-away workspace and profile, its desktop preferences given. */
export async function launchPatchbay(preferences: Record<string, unknown> = {}): Promise<LaunchedPatchbay> {
  if (!existsSync(mainEntry)) throw new Error(`${mainEntry} is missing: run "npm run build" first.`);
  const scratch = mkdtempSync(join(tmpdir(), 'patchbay-electron-e2e-'));
  const workspaceDir = join(scratch, 'workspace');
  const userDataDir = join(scratch, 'user-data');
  mkdirSync(userDataDir, { recursive: true });
  writeFileSync(join(userDataDir, 'preferences.json'), JSON.stringify(preferences));
  const app = await _electron.launch({
    executablePath: electronBinary!,
    args: [mainEntry, '--workspace', workspaceDir, `--user-data-dir=${userDataDir}`],
    env: electronAppEnv({ PATCHBAY_HOME: join(scratch, 'home') }),
    cwd: projectRoot,
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return {
    app,
    page,
    scratch,
    workspaceDir,
    userDataDir,
    async dispose() {
      await app.close().catch(() => {});
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
