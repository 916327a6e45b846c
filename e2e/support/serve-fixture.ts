import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { KeytarSecretStore } from '../../core/secrets/keytar-secret-store.ts';

const root = new URL('../..', import.meta.url).pathname;

export interface Served {
  /** The one-time link `patchbay serve` printed (token included). */
  url: string;
  workspaceDir: string;
}

async function startServe(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; served: Served }> {
  const workspaceDir = mkdtempSync(join(tmpdir(), 'patchbay-e2e-'));
  const child = spawn(
    process.execPath,
    ['bin/patchbay.js', 'serve', '--workspace', workspaceDir, '--port', '0', ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const waitForUrl = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`patchbay serve printed no link in 20 s. stderr: ${stderr}`)),
      20_000,
    );
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`patchbay serve exited with ${code} before printing its link: ${stderr}`));
    });
  });
  try {
    return { child, served: { url: await waitForUrl, workspaceDir } };
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(workspaceDir, { recursive: true, force: true });
    throw error;
  }
}

/** SIGTERM and wait for a clean exit; a server that ignores it for 10 s is killed and the test fails. */
async function stop(child: ChildProcess, workspaceDir: string): Promise<void> {
  try {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 10_000))),
      ]);
      clearTimeout(timer);
      if (gaveUp) {
        child.kill('SIGKILL');
        await exited;
        throw new Error('patchbay serve did not exit within 10 s of SIGTERM.');
      }
    }
  } finally {
    rmSync(workspaceDir, { recursive: true, force: true });
  }
}

export interface DemoServed extends Served {
  /** The keychain service this test's demo credentials live under (removed afterwards). */
  keychainService: string;
}

/** `patchbay serve` with credentials in a throw-away keychain service, removed afterwards. */
async function serveWithKeychain(args: string[], use: (served: DemoServed) => Promise<void>): Promise<void> {
  const keychainService = `PatchbayE2E-${randomUUID()}`;
  const { child, served } = await startServe(args, { PATCHBAY_KEYCHAIN_SERVICE: keychainService });
  try {
    await use({ ...served, keychainService });
  } finally {
    await stop(child, served.workspaceDir);
    const secrets = new KeytarSecretStore(keychainService);
    for (const account of await secrets.list()) await secrets.delete(account);
  }
}

const serveDemo = (args: string[], use: (demo: DemoServed) => Promise<void>) =>
  serveWithKeychain(['--demo', ...args], use);

/**
 * `served`: a fresh `patchbay serve` on an empty workspace, one per test; a credential
 * saved in it goes to a throw-away keychain service.
 * `demo`: a fresh demo workspace (`serve --demo --no-first-sync`): the sample office, its
 * simulated HubSpot and Stripe running, the demo flows, credentials in a throw-away
 * keychain service, and nothing run yet.
 * `firstStart`: the same as `npm start` gives a new user: the demo syncs once at start.
 */
export const test = base.extend<{ served: Served; demo: DemoServed; firstStart: DemoServed }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern
  served: ({}, use) => serveWithKeychain([], use),
  // eslint-disable-next-line no-empty-pattern -- as above
  demo: ({}, use) => serveDemo(['--no-first-sync'], use),
  // eslint-disable-next-line no-empty-pattern -- as above
  firstStart: ({}, use) => serveDemo([], use),
});

export { expect } from '@playwright/test';
