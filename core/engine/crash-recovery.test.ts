import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { mulberry32 } from '../demo/emulators/faults.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

const root = new URL('../..', import.meta.url).pathname;
let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

/** Runs the flow in its own engine process; kills it with SIGKILL after `killAfterPages` committed pages. */
function engineProcess(h: SyncHarness, killAfterPages?: { pages: number; delayMs: number }) {
  const child = spawn(
    process.execPath,
    ['core/testing/run-flow-process.ts', h.dir, h.flow.id, h.secretService!],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let pages = 0;
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    pages = (stdout.match(/"runs\.progress"/g) ?? []).length;
    if (killAfterPages && pages >= killAfterPages.pages && child.exitCode === null)
      setTimeout(() => child.kill('SIGKILL'), killAfterPages.delayMs);
  });
  return new Promise<{ signal: NodeJS.Signals | null; code: number | null; stdout: string; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

it('survives ten SIGKILLs in the middle of a large sync: nothing lost, nothing duplicated, database intact', async () => {
  harness = await startSyncHarness();
  const h = harness;
  const total = 6000;
  h.hubspot.store.seedContacts(total);
  // Some writes are applied but their answer never arrives, as when the process dies mid-request.
  h.stripe.faults.set({ seed: 3, lostWriteAnswer: { probability: 0.01 } });
  h.core.close();

  const random = mulberry32(2026);
  for (let kill = 1; kill <= 10; kill++) {
    const pages = 1 + Math.floor(random() * 3);
    const ended = await engineProcess(h, { pages, delayMs: Math.floor(random() * 80) });
    expect(ended.signal, `kill ${kill} came too late: the run had finished. ${ended.stderr}`).toBe('SIGKILL');
  }
  const interruptedCustomers = h.stripe.store.ordered.length;
  expect(interruptedCustomers).toBeGreaterThan(0);
  expect(interruptedCustomers).toBeLessThan(total);

  const last = await engineProcess(h);
  expect(last.code, last.stderr).toBe(0);
  const result = JSON.parse(last.stdout.trim().split('\n').at(-1)!) as {
    payload: { ok: boolean; value: { status: string } };
  };
  expect(result.payload).toMatchObject({ ok: true, value: { status: 'succeeded' } });

  const emails = h.stripe.store.ordered.map((c) => c.email);
  expect(emails).toHaveLength(total);
  expect(new Set(emails).size).toBe(total);

  const db = new Database(join(h.dir, 'patchbay.db'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const one = <T>(sql: string) => db.prepare<[], T>(sql).get()!;
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM record_links').n).toBe(total);
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM failures').n).toBe(0);
    // Each record's creation is counted once, in the page commit that saved its link.
    expect(one<{ n: number }>('SELECT SUM(created) AS n FROM runs').n).toBe(total);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE status = 'cancelled'").n).toBe(10);
    expect(one<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE status = 'running'").n).toBe(0);
  } finally {
    db.close();
  }
}, 180_000);
