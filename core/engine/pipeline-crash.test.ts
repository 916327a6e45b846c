import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

const root = new URL('../..', import.meta.url).pathname;
let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

interface Pipeline {
  /** Pages committed by the engine process (its progress events). */
  committed: number;
  /** Customers those pages created. */
  created: number;
  /** Search pages HubSpot has answered to this process. */
  read: number;
  /** Customers Stripe holds now. */
  customers: number;
}

/**
 * Runs the flow in its own engine process (core/testing/run-flow-process.ts). With
 * `killWhen`, the pipeline's state is checked as the process goes and SIGKILL sent the
 * first time it holds: Stripe's slow writes, not the test, keep the state long enough.
 */
function engineProcess(h: SyncHarness, killWhen?: (state: Pipeline) => boolean) {
  const readBefore = h.hubspot.stats.requests;
  const engine = new URL('../testing/run-flow-process.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [engine, h.dir, h.flow.id, h.secretService!], { cwd: root });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  let stdout = '';
  let stderr = '';
  let killedAt: Pipeline | undefined;
  child.stdout.on('data', (text: string) => (stdout += text));
  child.stderr.on('data', (text: string) => (stderr += text));
  const watch = setInterval(() => {
    if (!killWhen || killedAt || child.exitCode !== null) return;
    const progress = stdout.split('\n').filter((line) => line.includes('"runs.progress"'));
    const last = progress.at(-1);
    const state: Pipeline = {
      committed: progress.length,
      created: last
        ? (JSON.parse(last) as { payload: { counts: { created: number } } }).payload.counts.created
        : 0,
      read: h.hubspot.stats.requests - readBefore,
      customers: h.stripe.store.ordered.length,
    };
    if (killWhen(state)) {
      killedAt = state;
      child.kill('SIGKILL');
    }
  }, 1);
  return new Promise<{
    signal: NodeJS.Signals | null;
    code: number | null;
    stdout: string;
    stderr: string;
    killedAt?: Pipeline;
  }>((resolve) =>
    child.on('exit', (code, signal) => {
      clearInterval(watch);
      resolve({ code, signal, stdout, stderr, ...(killedAt ? { killedAt } : {}) });
    }),
  );
}

it('a SIGKILL while the next page is read ahead and this page is half written loses nothing and duplicates nothing', async () => {
  harness = await startSyncHarness();
  const h = harness;
  const total = 1200;
  h.hubspot.store.seedContacts(total);
  // Stripe's creates take a while, so a page is written long after the next one is read.
  h.stripe.faults.set({ seed: 5, slow: { probability: 1, writesOnly: true, ms: 5 } });
  h.core.close();

  for (const afterPages of [1, 3, 2]) {
    const customersBefore = h.stripe.store.ordered.length;
    const ended = await engineProcess(
      h,
      // In flight: the page after the one being written has been read, and some of the
      // page being written is in Stripe with no commit yet.
      (s) =>
        s.committed >= afterPages && s.read >= s.committed + 2 && s.customers > customersBefore + s.created,
    );
    expect(ended.signal, `the run ended before the kill: ${ended.stderr}`).toBe('SIGKILL');
    expect(ended.killedAt!.read).toBeGreaterThanOrEqual(ended.killedAt!.committed + 2);
  }
  // Killed with writes applied that no commit recorded: the finishing run must find them, not repeat them.
  expect(h.stripe.store.ordered.length).toBeGreaterThan(committedCustomers(h));

  const finished = await engineProcess(h);
  expect(finished.code, finished.stderr).toBe(0);
  expect(lastLine(finished.stdout)).toMatchObject({ payload: { ok: true, value: { status: 'succeeded' } } });

  // Every contact is in Stripe exactly once, and linked.
  const perEmail = Map.groupBy(h.stripe.store.ordered, (c) => c.email);
  expect(perEmail.size).toBe(total);
  expect([...perEmail.values()].filter((same) => same.length > 1)).toEqual([]);
  expect(committedCustomers(h)).toBe(total);
  const db = new Database(join(h.dir, 'patchbay.db'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const one = (sql: string) => db.prepare<[], { n: number }>(sql).get()!.n;
    expect(one('SELECT COUNT(*) AS n FROM failures')).toBe(0);
    expect(one("SELECT COUNT(*) AS n FROM runs WHERE status = 'running'")).toBe(0);
  } finally {
    db.close();
  }
}, 180_000);

/** Records whose link a committed page holds. */
function committedCustomers(h: SyncHarness): number {
  const db = new Database(join(h.dir, 'patchbay.db'), { readonly: true });
  try {
    return db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM record_links').get()!.n;
  } finally {
    db.close();
  }
}

function lastLine(stdout: string): unknown {
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}
