import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

export interface Served {
  /** The one-time link `patchbay serve` printed (token included). */
  url: string;
  workspaceDir: string;
}

async function startServe(args: string[]): Promise<{ child: ChildProcess; served: Served }> {
  const workspaceDir = mkdtempSync(join(tmpdir(), 'patchbay-e2e-'));
  const child = spawn(
    process.execPath,
    ['bin/patchbay.js', 'serve', '--workspace', workspaceDir, '--port', '0', ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
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

/** A fresh `patchbay serve` on an empty workspace, one per test. */
export const test = base.extend<{ served: Served }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a test uses from this pattern
  served: async ({}, use) => {
    const { child, served } = await startServe([]);
    await use(served);
    await stop(child, served.workspaceDir);
  },
});

export { expect } from '@playwright/test';
