import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runPatchbay } from '../testing/patchbay-cli.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

function rows<T>(dir: string, sql: string): T[] {
  const db = new Database(join(dir, 'patchbay.db'), { readonly: true });
  try {
    return db.prepare<[], T>(sql).all();
  } finally {
    db.close();
  }
}

// Issue 14, item 7: deleting a flow erased its runs, and run numbers were reused.
it('keeps the runs and failures of a deleted flow, marked as such, and never reuses a run number', async () => {
  harness = await startSyncHarness();
  const h = harness;
  h.hubspot.store.seedContacts(5);
  h.hubspot.store.upsert({ email: 'jo.bloggs(at)example.com', firstname: 'Jo', lastname: 'Bloggs' });
  const first = await h.call('flows.run', { id: h.flow.id });
  const second = await h.call('flows.run', { id: h.flow.id });
  expect(first.counts.failed).toBe(1);
  const [failure] = (await h.call('failures.list', { flowId: h.flow.id })).items;
  expect(failure).toMatchObject({ flowName: h.flow.name, flowDeleted: false });

  await h.call('flows.delete', { id: h.flow.id });

  const runs = await h.call('runs.list', {});
  expect(runs.items.map((r) => [r.id, r.flowName, r.flowDeleted])).toEqual([
    [second.runId, h.flow.name, true],
    [first.runId, h.flow.name, true],
  ]);
  expect((await h.call('runs.get', { id: first.runId })).run).toMatchObject({
    flowDeleted: true,
    counts: { created: 5, failed: 1 },
  });
  // Its failure stays, closed: nothing can retry it now.
  const kept = await h.call('failures.list', { states: ['ignored'] });
  expect(kept.items.map((f) => f.id)).toEqual([failure!.id]);
  expect(kept.items[0]!.note).toContain('The flow was deleted');
  // Under the name the flow had, not "A deleted flow".
  expect(kept.items[0]).toMatchObject({ flowName: h.flow.name, flowDeleted: true });
  expect((await h.call('failures.get', { id: failure!.id })).failure).toMatchObject({
    flowName: h.flow.name,
    flowDeleted: true,
  });
  expect((await h.call('failures.list', {})).total).toBe(0);

  // A new flow's run takes a new number, though the newest run belonged to a deleted flow.
  const { contactsToCustomers } = await import('../demo/demo-flows.ts');
  const again = await h.call('flows.create', contactsToCustomers(h.apps.hubspot.id, h.apps.stripe.id));
  const third = await h.call('flows.run', { id: again.id });
  expect(third.runId).toBe(second.runId + 1);
  expect((await h.call('runs.list', {})).items.map((r) => r.id)).toEqual([
    third.runId,
    second.runId,
    first.runId,
  ]);
});

// Issue 14, item 8: the demo's first sync and command-line runs showed "Started by hand".
it('records who started each run: Sync now, the command line, the demo first start', async () => {
  harness = await startSyncHarness();
  const h = harness;
  h.hubspot.store.seedContacts(3);
  const fromUi = await h.call('flows.run', { id: h.flow.id, startedFrom: 'ui' });
  const firstStart = await h.call('flows.run', { id: h.flow.id, startedFrom: 'first-start' });
  expect((await h.call('runs.get', { id: fromUi.runId })).run.trigger).toBe('ui');
  expect((await h.call('runs.get', { id: firstStart.runId })).run.trigger).toBe('first-start');

  h.core.close();
  const cli = await runPatchbay(['flow', 'run', h.flow.name, '--workspace', h.dir], {
    env: { PATCHBAY_KEYCHAIN_SERVICE: h.secretService! },
  });
  expect(cli.code, cli.stderr).toBe(0);
  expect(
    rows<{ trigger: string }>(h.dir, 'SELECT trigger FROM runs ORDER BY id').map((r) => r.trigger),
  ).toEqual(['ui', 'first-start', 'cli']);
  const audit = rows<{ detail: string }>(
    h.dir,
    "SELECT detail FROM audit WHERE action = 'flow.run' ORDER BY id",
  );
  expect(audit.map((a) => JSON.parse(a.detail))).toEqual([
    { startedFrom: 'ui' },
    { startedFrom: 'first-start' },
    { startedFrom: 'cli' },
  ]);
});
