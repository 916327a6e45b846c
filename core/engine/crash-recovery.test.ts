import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { mulberry32 } from '../demo/emulators/faults.ts';
import { engineProcess, engineResult } from '../testing/engine-process.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

const engineOf = (h: SyncHarness) => ({ dir: h.dir, flowId: h.flow.id, secretService: h.secretService! });

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
    const ended = await engineProcess(engineOf(h), { pages, delayMs: Math.floor(random() * 80) });
    expect(ended.signal, `kill ${kill} came too late: the run had finished. ${ended.stderr}`).toBe('SIGKILL');
  }
  const interruptedCustomers = h.stripe.store.ordered.length;
  expect(interruptedCustomers).toBeGreaterThan(0);
  expect(interruptedCustomers).toBeLessThan(total);

  const last = await engineProcess(engineOf(h));
  expect(last.code, last.stderr).toBe(0);
  expect(engineResult(last)).toMatchObject({ ok: true, value: { status: 'succeeded' } });

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
