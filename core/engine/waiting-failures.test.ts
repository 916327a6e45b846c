import { afterEach, expect, it } from 'vitest';
import type { PatchbayEvent } from '../contract/methods.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { startSyncHarness, type SyncHarness } from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

// Issue 14, item 4: the newest record failed again at every scheduled run (the cursor
// includes its own moment), and notified every 15 minutes.
it('leaves a failed record to the failure queue until it changes: later runs neither fail it again nor notify', async () => {
  harness = await startSyncHarness({ secrets: new InMemorySecretStore() });
  const h = harness;
  h.hubspot.store.seedContacts(5);
  // The newest change at the source, and one Stripe refuses.
  const bad = h.hubspot.store.upsert({
    email: 'jo.bloggs(at)example.com',
    firstname: 'Jo',
    lastname: 'Bloggs',
  });
  const events: PatchbayEvent[] = [];
  h.core.onEvent((event) => events.push(event));

  const first = await h.call('flows.run', { id: h.flow.id });
  expect(first).toMatchObject({ status: 'partial', counts: { created: 5, failed: 1 } });
  const [failure] = (await h.call('failures.list', {})).items;
  expect(failure).toMatchObject({ sourceRecordId: bad.contact.id, attempts: 1 });

  events.length = 0;
  for (let run = 0; run < 3; run++) {
    const again = await h.call('flows.run', { id: h.flow.id });
    // Re-read (its moment is the cursor's), but not sent again and not failed again.
    expect(again).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 0, failed: 0 } });
    expect(again.counts.read).toBe(again.counts.unchanged);
  }
  expect(events.map((e) => e.name)).not.toContain('failures.added');
  expect(events.filter((e) => e.name === 'runs.finished').map((e) => e.payload)).toEqual(
    Array(3).fill(expect.objectContaining({ status: 'succeeded' })),
  );
  expect((await h.call('failures.list', {})).items).toEqual([
    expect.objectContaining({ id: failure!.id, attempts: 1, updatedAt: failure!.updatedAt }),
  ]);

  // Retry (the queue's own way) still sends it, and fails it once more.
  const retried = await h.call('failures.retry', { ids: [failure!.id] });
  expect(retried.runs[0]!.counts.failed).toBe(1);
  expect((await h.call('failures.list', {})).items[0]!.attempts).toBe(2);

  // Fixed at the source, the record is new content: the next run writes it and resolves it.
  h.hubspot.store.upsert({ email: 'jo.bloggs@example.com' }, bad.contact.id);
  const fixed = await h.call('flows.run', { id: h.flow.id });
  expect(fixed).toMatchObject({ status: 'succeeded', counts: { created: 1, failed: 0 } });
  expect((await h.call('failures.list', {})).total).toBe(0);
});
