import { afterEach, expect, it } from 'vitest';
import type { Flow, FlowInput } from '../contract/flows.ts';
import type { PatchbayEvent } from '../contract/methods.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import {
  contactsToCustomers,
  startSyncHarness,
  stripeKey,
  type SyncHarness,
} from '../testing/sync-harness.ts';

let harness: SyncHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

/** A harness whose clock the test moves (the emulators keep real time). */
async function withClock() {
  let now = new Date('2026-11-23T07:00:30Z').getTime();
  harness = await startSyncHarness({
    secrets: new InMemorySecretStore(),
    clock: { now: () => new Date(now) },
  });
  const h = harness;
  const events: PatchbayEvent[] = [];
  h.core.onEvent((event) => events.push(event));
  return {
    h,
    events,
    moveTo: (iso: string) => (now = new Date(iso).getTime()),
    started: (flowId: string) =>
      events.filter((e) => e.name === 'runs.started' && (e.payload as { flowId: string }).flowId === flowId),
    async settled() {
      for (;;) {
        const status = await h.call('scheduler.status');
        if (status.running.length === 0 && status.queued.length === 0) return status;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

async function schedule(h: SyncHarness, change: Partial<FlowInput>, base = h.flow): Promise<Flow> {
  const { name, sourceAppId, sourceEntity, targetAppId, targetEntity, mapping, matchKey, writeMode } = base;
  const input = { name, sourceAppId, sourceEntity, targetAppId, targetEntity, mapping, matchKey, writeMode };
  return h.call('flows.update', { id: base.id, flow: { ...input, ...change } });
}

it.each([
  ['once', 1],
  ['every', 3],
  ['skip', 0],
] as const)(
  'three hourly slots missed while asleep: catch-up "%s" runs %i time(s)',
  async (catchUp, runs) => {
    const { h, moveTo, started, settled } = await withClock();
    h.hubspot.store.seedContacts(3);
    await schedule(h, { schedule: 'hourly', catchUp });
    await h.call('scheduler.catchUp'); // starts counting at 07:00:30

    moveTo('2026-11-23T10:20:00Z'); // 08:00, 09:00 and 10:00 passed while the PC slept
    await h.call('scheduler.catchUp');
    const status = await settled();

    expect(started(h.flow.id).map((e) => (e.payload as { trigger: string }).trigger)).toEqual(
      Array(runs).fill('catch-up'),
    );
    const entry = status.log.find((l) => l.flowId === h.flow.id)!;
    expect(entry.message).toMatch(
      /^Missed 3 scheduled runs while Patchbay was not running \(the first at \d\d:00\)/,
    );
    expect(entry.message).toContain(runs === 0 ? 'skipped them' : 'caught up at');
    expect(h.stripe.store.ordered).toHaveLength(runs === 0 ? 0 : 3);

    // Nothing more to catch up until the next slot.
    await h.call('scheduler.catchUp');
    await settled();
    expect(started(h.flow.id)).toHaveLength(runs);
  },
);

it('never starts a long run twice: later slots are skipped and, in a row, raise an alert', async () => {
  const { h, moveTo, started, events, settled } = await withClock();
  h.hubspot.store.seedContacts(4);
  h.stripe.faults.set({ slow: { probability: 1, ms: 400, writesOnly: true } });
  await schedule(h, { schedule: 'every 15 minutes' });
  await h.call('scheduler.catchUp');

  moveTo('2026-11-23T07:15:05Z');
  await h.call('scheduler.catchUp');
  expect(started(h.flow.id)).toHaveLength(1);
  moveTo('2026-11-23T07:30:05Z');
  await h.call('scheduler.catchUp');
  moveTo('2026-11-23T07:45:05Z');
  await h.call('scheduler.catchUp');
  const status = await settled();

  expect(started(h.flow.id)).toHaveLength(1);
  const kinds = status.log.filter((l) => l.flowId === h.flow.id).map((l) => l.kind);
  expect(kinds).toEqual(['alert', 'skipped', 'skipped']);
  expect(status.log[2]!.message).toMatch(/The run due at \d\d:30 was skipped: .* was still running/);
  expect(events.some((e) => e.name === 'scheduler.alert')).toBe(true);
});

it('with five flows due and a limit of two, at most two run at once and all five finish', async () => {
  const { h, moveTo, events, settled } = await withClock();
  h.hubspot.store.seedContacts(3);
  h.stripe.faults.set({ slow: { probability: 1, ms: 60 } });
  const flows = [await schedule(h, { schedule: 'every 5 minutes' })];
  // Each flow writes to its own billing app: flows sharing a target take turns anyway.
  for (let i = 2; i <= 5; i++) {
    const billing = await h.call('apps.create', {
      name: `Stripe ${i}`,
      category: 'billing',
      connector: h.apps.stripe.connector,
    });
    await h.call('secrets.set', { appId: billing.id, value: stripeKey });
    flows.push(
      await h.call('flows.create', {
        ...contactsToCustomers(h.apps.hubspot.id, billing.id),
        name: `Contacts to customers ${i}`,
        schedule: 'every 5 minutes',
      }),
    );
  }
  await h.call('scheduler.catchUp');
  let running = 0;
  let most = 0;
  h.core.onEvent((event) => {
    if (event.name === 'runs.started') most = Math.max(most, ++running);
    if (event.name === 'runs.finished') running--;
  });

  moveTo('2026-11-23T07:05:10Z');
  await h.call('scheduler.catchUp');
  await settled();

  expect(most).toBe(2);
  const finished = events
    .filter((e) => e.name === 'runs.finished')
    .map((e) => e.payload as { flowId: string; status: string });
  expect(finished.map((f) => f.flowId).sort()).toEqual(flows.map((f) => f.id).sort());
  expect(finished.every((f) => f.status === 'succeeded')).toBe(true);
});

it('shows schedules in words with their next run, pauses and resumes, and refuses a schedule it cannot read', async () => {
  const { h, moveTo, started, settled } = await withClock();
  await schedule(h, { schedule: 'weekdays at 08:00' });
  const cron = await h.call('flows.create', {
    ...contactsToCustomers(h.apps.hubspot.id, h.apps.stripe.id),
    name: 'Cron written by hand',
    schedule: '30 18 * * 5',
  });
  const status = await h.call('scheduler.status');
  expect(status.flows).toEqual([
    expect.objectContaining({ flowId: cron.id, words: 'At 18:30, only on Friday' }),
    expect.objectContaining({
      flowId: h.flow.id,
      words: 'Every weekday at 08:00',
      nextRunAt: expect.any(String),
    }),
  ]);

  await h.call('flows.pause', { id: h.flow.id });
  expect((await h.call('scheduler.status')).flows[1]!.nextRunAt).toBeNull();
  await h.call('flows.delete', { id: cron.id });
  await h.call('scheduler.catchUp');
  moveTo('2026-11-24T09:00:00Z');
  await h.call('scheduler.catchUp');
  await settled();
  expect(started(h.flow.id)).toHaveLength(0);
  await h.call('flows.resume', { id: h.flow.id });

  await h.call('scheduler.pause');
  moveTo('2026-11-25T09:00:00Z');
  await h.call('scheduler.catchUp');
  await h.call('scheduler.resume');
  await h.call('scheduler.catchUp');
  await settled();
  expect(started(h.flow.id)).toHaveLength(0);

  const refused = await h.core.invoke('flows.update', {
    id: h.flow.id,
    flow: { ...contactsToCustomers(h.apps.hubspot.id, h.apps.stripe.id), schedule: 'every tuesday-ish' },
  });
  expect(refused).toMatchObject({
    ok: false,
    error: {
      field: 'schedule',
      message: expect.stringMatching(/"every tuesday-ish" is not a schedule Patchbay understands/),
    },
  });
});

it('runs flows that write the same target one after the other, so a record is never created twice', async () => {
  const { h, moveTo, events, settled } = await withClock();
  h.hubspot.store.seedContacts(30);
  h.stripe.faults.set({ slow: { probability: 1, ms: 5, writesOnly: true } });
  await schedule(h, { schedule: 'every 5 minutes' });
  const twin = await h.call('flows.create', {
    ...contactsToCustomers(h.apps.hubspot.id, h.apps.stripe.id),
    name: 'The same contacts again',
    schedule: 'every 5 minutes',
  });
  await h.call('scheduler.catchUp');
  moveTo('2026-11-23T07:05:10Z');
  await h.call('scheduler.catchUp');
  await settled();

  const order = events
    .filter((e) => e.name === 'runs.started' || e.name === 'runs.finished')
    .map((e) => `${e.name === 'runs.started' ? 'start' : 'end'} ${(e.payload as { flowId: string }).flowId}`);
  expect(order).toEqual([`start ${h.flow.id}`, `end ${h.flow.id}`, `start ${twin.id}`, `end ${twin.id}`]);
  const emails = h.stripe.store.ordered.map((c) => c.email);
  expect(emails).toHaveLength(30);
  expect(new Set(emails).size).toBe(30);

  // A manual run meanwhile is told plainly why it has to wait.
  const slowRun = h.call('flows.run', { id: h.flow.id });
  h.hubspot.store.upsert({ firstname: 'Changed' }, '1');
  const refused = await h.core.invoke('flows.run', { id: twin.id });
  expect(refused).toMatchObject({
    ok: false,
    error: { kind: 'conflict', message: expect.stringMatching(/is writing customers to Stripe right now/) },
  });
  await slowRun;
});
