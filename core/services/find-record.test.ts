import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { pruneHistory } from '../storage/history-pruner.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

// Issue 14, item 16: "what happened to contact3@example.com?"
it('finds a record by its email or either id, with every run that touched it and what each did', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(5);
  const first = await h.call('flows.run', { id: h.flow.id, startedFrom: 'ui' });
  const three = h.hubspot.store.byId.get('3')!;
  h.hubspot.store.upsert({ phone: '+44 1632 960 003' }, three.id);
  const second = await h.call('flows.run', { id: h.flow.id });
  const third = await h.call('flows.run', { id: h.flow.id });
  // The newest change is read again by the third run: unchanged.
  const customer = h.stripe.store.withEmail('contact3@example.com')[0]!;

  const found = await h.call('runs.findRecord', { query: 'CONTACT3@example.com' });
  expect(found.records).toEqual([
    expect.objectContaining({
      flowId: h.flow.id,
      flowName: h.flow.name,
      flowDeleted: false,
      sourceRecordId: three.id,
      key: 'contact3@example.com',
      targetRecordId: customer.id,
      failures: [],
      runs: [
        expect.objectContaining({ runId: third.runId, outcome: 'unchanged', trigger: 'manual' }),
        expect.objectContaining({ runId: second.runId, outcome: 'updated' }),
        expect.objectContaining({ runId: first.runId, outcome: 'created', trigger: 'ui' }),
      ],
    }),
  ]);
  expect((await h.call('runs.findRecord', { query: customer.id })).records[0]?.sourceRecordId).toBe(three.id);
  expect((await h.call('runs.findRecord', { query: three.id })).records[0]?.key).toBe('contact3@example.com');
  expect((await h.call('runs.findRecord', { query: 'nobody@example.com' })).records).toEqual([]);

  // A record that never mapped is found through its failure's snapshot.
  const nameless = h.hubspot.store.upsert({ firstname: 'Maria', lastname: 'Nomail', email: null });
  const failing = await h.call('flows.run', { id: h.flow.id });
  expect(failing.counts.failed).toBe(1);
  const maria = (await h.call('runs.findRecord', { query: 'Nomail' })).records;
  expect(maria).toEqual([
    expect.objectContaining({
      sourceRecordId: nameless.contact.id,
      key: null,
      runs: [expect.objectContaining({ runId: failing.runId, outcome: 'failed' })],
      failures: [expect.objectContaining({ errorClass: 'mapping', state: 'needs-attention' })],
    }),
  ]);

  // Refused in words: nothing to look for.
  await expect(h.call('runs.findRecord', { query: '   ' })).rejects.toThrow(
    'Type an email, an order number or a record id to look for.',
  );

  // Outcomes go with their runs when the history is pruned.
  h.core.close();
  const db = new Database(join(h.dir, 'patchbay.db'));
  try {
    db.prepare('DELETE FROM failures').run();
    pruneHistory(db, '2999-01-01T00:00:00.000Z');
    expect(db.prepare('SELECT COUNT(*) AS n FROM record_outcome_spans').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM record_keys').get()).toEqual({ n: 0 });
  } finally {
    db.close();
  }
});
