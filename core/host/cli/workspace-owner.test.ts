// Issue 16: the desktop app, `serve`, `scheduler` and the CLI can open one workspace at
// once. One process owns its runs (a lease in the database); the others read, or refuse
// to run syncs with a sentence naming the owner. Real CLI processes, real SQLite, real
// emulators; a request gate in front of HubSpot freezes a run at its first page so each
// test waits for states, never for a fixed time.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { startRequestGate, type RequestGate } from '../../testing/request-gate.ts';
import { startPatchbay, type PatchbayProcess } from '../../testing/patchbay-process.ts';
import { startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';
import { openCore } from '../open-core.ts';

const records = 300;
const patient = { timeout: 60_000, interval: 50 };
let harness: SyncHarness | undefined;
let gate: RequestGate | undefined;
const started: PatchbayProcess[] = [];

afterEach(async () => {
  for (const p of started.splice(0)) if (!p.hasExited()) p.child.kill('SIGKILL');
  await gate?.close();
  await harness?.dispose();
  gate = undefined;
  harness = undefined;
});

/** A workspace whose HubSpot is reached through a shut gate, with `records` contacts; no core left open. */
async function workspaceBehindGate(options: { schedule?: string } = {}) {
  harness = await startSyncHarness();
  const h = harness;
  h.hubspot.store.seedContacts(records);
  gate = await startRequestGate(h.hubspot.url);
  await h.call('apps.update', {
    id: h.apps.hubspot.id,
    app: {
      name: 'HubSpot',
      category: 'crm',
      entities: [{ name: 'Contacts', systemOfRecord: true }],
      connector: { preset: 'hubspot', config: { baseUrl: gate.url, requestsPerSecond: '100000' } },
    },
  });
  if (options.schedule) {
    const { name, sourceAppId, sourceEntity, targetAppId, targetEntity, mapping, matchKey } = h.flow;
    const flow = { name, sourceAppId, sourceEntity, targetAppId, targetEntity, mapping, matchKey };
    await h.call('flows.update', { id: h.flow.id, flow: { ...flow, schedule: options.schedule } });
  }
  h.core.close();
  return { h, gate };
}

function patchbay(args: string[], env: NodeJS.ProcessEnv = {}): PatchbayProcess {
  const p = startPatchbay([...args, '--workspace', harness!.dir], {
    PATCHBAY_KEYCHAIN_SERVICE: harness!.secretService,
    ...env,
  });
  started.push(p);
  return p;
}

const flowRun = (env: NodeJS.ProcessEnv = {}) => patchbay(['flow', 'run', harness!.flow.name], env);

function query<T>(sql: string): T[] {
  const db = new Database(join(harness!.dir, 'patchbay.db'), { readonly: true });
  try {
    return db.prepare<[], T>(sql).all();
  } finally {
    db.close();
  }
}

interface RunRow {
  id: number;
  status: string;
  read: number;
  created: number;
  error: string | null;
}
const runs = () => query<RunRow>('SELECT id, status, read, created, error FROM runs ORDER BY id');
const leaseHolders = () =>
  query<{ pid: number; expires_at: string }>('SELECT pid, expires_at FROM workspace_lease');

/** Each contact reached Stripe exactly once and was counted created exactly once; nothing hit a locked database. */
function expectEachRecordOnce(outputs: readonly PatchbayProcess[]): void {
  const emails = harness!.stripe.store.ordered.map((c) => c.email);
  expect(emails).toHaveLength(records);
  expect(new Set(emails).size).toBe(records);
  expect(runs().reduce((sum, run) => sum + run.created, 0)).toBe(records);
  for (const run of runs()) expect(run.error ?? '').not.toMatch(/locked|busy/i);
  for (const p of outputs) expect(p.stdout() + p.stderr()).not.toMatch(/database is locked/i);
}

it('two `flow run` started at once: one syncs, the other refuses naming it; each record once, counts right', async () => {
  const { gate } = await workspaceBehindGate();
  const both = [flowRun(), flowRun()];
  // HubSpot stays shut until each command has reached it or given up, so neither can
  // finish before the other has tried.
  await vi.waitFor(
    () => expect(gate.waiting() + both.filter((p) => p.hasExited()).length).toBeGreaterThanOrEqual(2),
    patient,
  );
  gate.open();
  const codes = (await Promise.all(both.map((p) => p.exited))).map((e) => e.code);
  expect([...codes].sort()).toEqual([0, 1]);
  const winner = both[codes.indexOf(0)]!;
  const loser = both[codes.indexOf(1)]!;
  expect(winner.stdout()).toMatch(/run \d+ succeeded \(300 read, 300 created/);
  expect(loser.stderr()).toContain(
    `Another patchbay command (pid ${winner.pid}) is running this workspace's syncs; wait for it to finish, then try again.`,
  );
  expectEachRecordOnce(both);
  expect(runs()).toHaveLength(1);
  expect(leaseHolders()).toEqual([]);
}, 120_000);

it("a process that only reads leaves the owner's live run alone; one that would sync is refused", async () => {
  const { h, gate } = await workspaceBehindGate({ schedule: '* * * * *' });
  const scheduler = patchbay(['scheduler']);
  // The schedule fires when the minute turns (a flow runs at most once a minute).
  await vi.waitFor(() => expect(gate.waiting()).toBeGreaterThan(0), { ...patient, timeout: 120_000 });
  const [live] = runs();
  expect(live).toMatchObject({ status: 'running', read: 0 });

  for (const args of [
    ['flow', 'list'],
    ['failures', 'list'],
    ['workspace', 'export'],
  ]) {
    const reader = patchbay(args);
    expect((await reader.exited).code, reader.stderr()).toBe(0);
    expect(runs()[0], `after ${args.join(' ')}`).toMatchObject({ id: live!.id, status: 'running' });
  }
  const refused = flowRun();
  expect((await refused.exited).code).toBe(1);
  expect(refused.stderr()).toContain(
    `Patchbay's headless scheduler (pid ${scheduler.pid}) is running this workspace's syncs; stop it first, or let it run the flows on their schedules.`,
  );

  gate.open();
  await vi.waitFor(() => expect(scheduler.stdout()).toContain(`${h.flow.name}: succeeded`), patient);
  scheduler.child.kill('SIGTERM');
  expect((await scheduler.exited).code).toBe(0);
  expect(runs()[0]).toMatchObject({ id: live!.id, status: 'succeeded', created: records });
  expectEachRecordOnce([scheduler, refused]);
}, 240_000);

it('takes over the lease of a holder killed with SIGKILL, and closes its cut-off run', async () => {
  const { gate } = await workspaceBehindGate();
  const holder = flowRun();
  await vi.waitFor(() => expect(gate.waiting()).toBeGreaterThan(0), patient);
  expect(leaseHolders().map((l) => l.pid)).toEqual([holder.pid]);
  const refused = flowRun();
  expect((await refused.exited).code).toBe(1);
  expect(refused.stderr()).toContain(`Another patchbay command (pid ${holder.pid})`);

  holder.child.kill('SIGKILL');
  expect((await holder.exited).signal).toBe('SIGKILL');
  gate.open();
  const next = flowRun();
  expect((await next.exited).code, next.stderr()).toBe(0);
  const [cut, finished] = runs();
  expect(cut).toMatchObject({ status: 'cancelled', read: 0 });
  expect(cut!.error).toContain('Patchbay stopped during this run');
  expect(finished).toMatchObject({ status: 'succeeded', created: records });
  expectEachRecordOnce([holder, refused, next]);
  expect(leaseHolders()).toEqual([]);
}, 120_000);

it('takes over from a holder whose heartbeat stopped; the old holder then saves nothing more', async () => {
  const { gate } = await workspaceBehindGate();
  const holder = flowRun({ PATCHBAY_LEASE_EXPIRY_MS: '1000' });
  await vi.waitFor(() => expect(gate.waiting()).toBeGreaterThan(0), patient);
  // Frozen (as a suspended laptop's process): alive, but its heartbeat stops.
  holder.child.kill('SIGSTOP');
  await vi.waitFor(() => {
    const [lease] = leaseHolders();
    expect(lease?.pid).toBe(holder.pid);
    expect(Date.parse(lease!.expires_at)).toBeLessThan(Date.now());
  }, patient);
  gate.open();
  const next = flowRun();
  expect((await next.exited).code, next.stderr()).toBe(0);

  holder.child.kill('SIGCONT');
  expect((await holder.exited).code).toBe(1);
  expect(holder.stdout() + holder.stderr()).toContain("lost this workspace's syncs to another process");
  const [old, taken] = runs();
  expect(old).toMatchObject({ read: 0 });
  expect(old!.status).not.toBe('succeeded');
  expect(taken).toMatchObject({ status: 'succeeded', created: records });
  expectEachRecordOnce([holder, next]);
}, 120_000);

it('a second scheduler waits, naming the first; it takes over within a minute after the first is killed with SIGKILL', async () => {
  const { h, gate } = await workspaceBehindGate({ schedule: '* * * * * *' });
  const first = patchbay(['scheduler']);
  await vi.waitFor(() => expect(gate.waiting()).toBeGreaterThan(0), patient);
  const second = patchbay(['scheduler']);
  await vi.waitFor(
    () =>
      expect(second.stdout()).toContain(
        `Patchbay's headless scheduler (pid ${first.pid}) is running this workspace's syncs`,
      ),
    patient,
  );
  expect(second.stdout()).toContain('Waiting: this scheduler takes over as soon as that one stops.');
  expect(second.hasExited()).toBe(false);
  expect(leaseHolders().map((l) => l.pid)).toEqual([first.pid]);

  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');
  // "Within a minute": the wait below gives up after 60 s.
  await vi.waitFor(() => expect(leaseHolders().map((l) => l.pid)).toEqual([second.pid]), patient);
  await vi.waitFor(() => expect(second.stdout()).toMatch(/running the schedules of 1 flow/), patient);
  gate.open();
  await vi.waitFor(() => expect(second.stdout()).toContain(`${h.flow.name}: succeeded`), patient);
  second.child.kill('SIGTERM');
  expect((await second.exited).code).toBe(0);

  const [cut] = runs();
  expect(cut).toMatchObject({ status: 'cancelled', read: 0 });
  expect(runs().some((run) => run.status === 'succeeded' && run.created === records)).toBe(true);
  expectEachRecordOnce([first, second]);
  expect(leaseHolders()).toEqual([]);
}, 150_000);

it('a waiting scheduler stops cleanly on SIGTERM without ever taking the workspace', async () => {
  await workspaceBehindGate({ schedule: '* * * * * *' });
  const first = patchbay(['scheduler']);
  await vi.waitFor(() => expect(gate!.waiting()).toBeGreaterThan(0), patient);
  const second = patchbay(['scheduler']);
  await vi.waitFor(() => expect(second.stdout()).toContain('Waiting: this scheduler takes over'), patient);
  second.child.kill('SIGTERM');
  expect((await second.exited).code).toBe(0);
  expect(second.stdout()).toContain('Stopped; the workspace database is closed.');
  expect(leaseHolders().map((l) => l.pid)).toEqual([first.pid]);
  expect(runs().map((run) => run.status)).toEqual(['running']);
}, 120_000);

it('"Sync now" in a desktop app that waits for the background service runs once, in the service', async () => {
  const { h, gate } = await workspaceBehindGate();
  const service = patchbay(['scheduler']);
  await vi.waitFor(() => expect(service.stdout()).toMatch(/running the schedules of 0 flows/), patient);
  // The desktop app's core: it waits for the lease and passes "Sync now" to the holder.
  const desktop = openCore({
    workspaceDir: h.dir,
    secrets: h.secrets,
    owner: 'desktop',
    takeLeaseNow: false,
    forwardRunsToOwner: true,
    logger: { info: () => {}, error: () => {} },
  });
  try {
    const status = await desktop.invoke('scheduler.status', {});
    expect(status.ok && (status.value as { runElsewhere: string | null }).runElsewhere).toBe(
      `Schedules are run by the background service (Patchbay's headless scheduler), pid ${service.pid}.`,
    );
    const first = desktop.invoke('flows.run', { id: h.flow.id });
    await vi.waitFor(() => expect(gate.waiting()).toBeGreaterThan(0), patient);
    // Pressed again while it runs: refused by the service, not run twice.
    expect(await desktop.invoke('flows.run', { id: h.flow.id })).toEqual({
      ok: false,
      error: { kind: 'conflict', message: `${h.flow.name} is already running. Wait for it to finish.` },
    });
    gate.open();
    expect(await first).toMatchObject({
      ok: true,
      value: { status: 'succeeded', counts: { created: records } },
    });
  } finally {
    desktop.close();
  }
  expect(runs()).toHaveLength(1);
  expect(leaseHolders().map((l) => l.pid)).toEqual([service.pid]);
  service.child.kill('SIGTERM');
  expect((await service.exited).code).toBe(0);
  expectEachRecordOnce([service]);
}, 120_000);
