import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { startPatchbay } from '../../testing/patchbay-process.ts';
import { startSyncHarness } from '../../testing/sync-harness.ts';
import { makeTempDir } from '../../testing/temp-workspace.ts';

const root = new URL('../../..', import.meta.url).pathname;
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

function serve(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['bin/patchbay.js', 'serve', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(stdout);
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  url.catch(() => undefined); // awaited only by the tests that expect a URL
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exited, output: () => stdout + stderr };
}

it('serves until SIGTERM, then closes the workspace database cleanly', async () => {
  expect(existsSync(join(root, 'out/renderer/index.html')), 'run "npm run build" before the unit tests').toBe(
    true,
  );
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  const server = serve(['--workspace', dir, '--port', '0', '--demo']);
  const url = await server.url;
  const page = await fetch(url, { redirect: 'manual' });
  expect(page.status).toBe(303);

  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(server.output()).toContain('the workspace database is closed');
  // A clean close checkpoints the write-ahead log back into the database file.
  const wal = join(dir, 'patchbay.db-wal');
  expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  const db = new Database(join(dir, 'patchbay.db'), { readonly: true });
  expect(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM apps').get()!.n).toBeGreaterThan(0);
  db.close();
});

it('puts the demo workspace under PATCHBAY_HOME and explains a bad port', async () => {
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  const server = serve(['--demo'], { PATCHBAY_HOME: dir });
  await server.url;
  expect(server.output()).toContain(join(dir, 'workspaces', 'demo'));
  server.child.kill('SIGINT');
  expect(await server.exited).toBe(0);

  const bad = serve(['--port', 'eighty'], { PATCHBAY_HOME: dir });
  // 64, a usage error (EX_USAGE); 2 means some records failed.
  expect(await bad.exited).toBe(64);
  expect(bad.output()).toContain('--port must be a whole number');
});

it('owns the workspace while it serves: a CLI run is refused and a scheduler waits, naming it', async () => {
  const h = await startSyncHarness();
  cleanups.push(() => void h.dispose());
  h.core.close();
  const env = { PATCHBAY_KEYCHAIN_SERVICE: h.secretService };
  const server = serve(['--workspace', h.dir, '--port', '0'], env);
  const url = new URL(await server.url);
  const sentence = `Patchbay's browser mode (pid ${server.child.pid}) is running this workspace's syncs; run the flow from there or stop it first.`;

  for (const args of [['flow', 'run', h.flow.name], ['serve']]) {
    const other = startPatchbay([...args, '--workspace', h.dir], env);
    expect((await other.exited).code, args.join(' ')).toBe(1);
    expect(other.stdout() + other.stderr(), args.join(' ')).toContain(sentence);
  }
  // A scheduler (the background service) names the owner and waits to take over.
  const waiting = startPatchbay(['scheduler', '--workspace', h.dir], env);
  await vi.waitFor(
    () => expect(waiting.stdout()).toContain(`${sentence}\nWaiting: this scheduler takes over`),
    {
      timeout: 30_000,
      interval: 50,
    },
  );
  waiting.child.kill('SIGTERM');
  expect((await waiting.exited).code).toBe(0);
  const lease = () => {
    const db = new Database(join(h.dir, 'patchbay.db'), { readonly: true });
    try {
      return db.prepare('SELECT * FROM workspace_lease').all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  };
  // Its address is there for other processes to find; its session token is not.
  expect(lease()).toMatchObject([{ kind: 'serve', pid: server.child.pid, api_address: url.origin }]);
  expect(JSON.stringify(lease())).not.toContain(url.searchParams.get('token'));

  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(lease()).toEqual([]);
}, 60_000);
