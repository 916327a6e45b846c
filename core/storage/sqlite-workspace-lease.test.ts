import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LeaseLostError, type LeaseKind } from '../services/workspace-lease.ts';
import { makeTempDir } from '../testing/temp-workspace.ts';
import { openDatabase } from './open-database.ts';
import { SqliteWorkspaceLease } from './sqlite-workspace-lease.ts';

const cleanups: (() => void)[] = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((fn) => fn()),
);

let now = Date.parse('2026-03-02T09:00:00Z');
const clock = { now: () => new Date(now) };
const alive = new Set<number>();

/** One workspace file; each `processOn` is another process's own connection and lease. */
function workspace() {
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  const file = join(dir, 'patchbay.db');
  return function processOn(host: string, pid: number, kind: LeaseKind = 'cli', expiryMs = 30_000) {
    const { db } = openDatabase(file);
    cleanups.push(() => db.close());
    alive.add(pid);
    const site = { host, isAlive: (p: number) => alive.has(p) };
    return new SqliteWorkspaceLease({ db, ownerId: `${pid}-x`, pid, kind, site, clock, expiryMs });
  };
}

describe('SqliteWorkspaceLease', () => {
  it('refuses a second process while the holder is alive and renewing, and names the holder', () => {
    const processOn = workspace();
    const serve = processOn('office-pc', 101, 'serve');
    const cli = processOn('office-pc', 202);
    expect(serve.take()).toEqual({ ok: true });
    expect(serve.take()).toEqual({ ok: true });
    const refused = cli.take();
    expect(refused).toMatchObject({ ok: false, holder: { pid: 101, kind: 'serve', host: 'office-pc' } });
    now += 25_000;
    expect(serve.renew()).toBe(true);
    now += 25_000;
    expect(cli.take().ok).toBe(false);
  });

  it('is taken over at once when the holder has gone from this PC, and on its expiry from another PC', () => {
    const processOn = workspace();
    const dead = processOn('office-pc', 301);
    expect(dead.take().ok).toBe(true);
    alive.delete(301);
    const next = processOn('office-pc', 302);
    expect(next.take()).toEqual({ ok: true });
    expect(next.holder()?.pid).toBe(302);

    // A pid on another PC says nothing here: only the expiry frees it.
    alive.delete(302);
    const elsewhere = processOn('laptop', 401);
    expect(elsewhere.take()).toMatchObject({ ok: false, holder: { pid: 302 } });
    now += 29_999;
    expect(elsewhere.take().ok).toBe(false);
    now += 1;
    expect(elsewhere.take()).toEqual({ ok: true });
  });

  it('takes over from a live holder whose heartbeat is stale; the old holder then finds it lost', () => {
    const processOn = workspace();
    const frozen = processOn('office-pc', 501, 'scheduler', 1000);
    expect(frozen.take().ok).toBe(true);
    expect(() => frozen.assertHeld()).not.toThrow();
    now += 1000;
    const next = processOn('office-pc', 502);
    expect(next.take()).toEqual({ ok: true });
    expect(frozen.renew()).toBe(false);
    expect(() => frozen.assertHeld()).toThrow(LeaseLostError);
    // Releasing a lease it no longer holds leaves the new holder's alone.
    frozen.release();
    expect(next.holder()?.pid).toBe(502);
    next.release();
    expect(next.holder()).toBeUndefined();
    expect(() => next.assertHeld()).toThrow(LeaseLostError);
  });

  it("records the holder's local API address, never more", () => {
    const processOn = workspace();
    const serve = processOn('office-pc', 601, 'serve');
    serve.take();
    serve.advertise('http://127.0.0.1:41525');
    expect(processOn('office-pc', 602).take()).toMatchObject({
      ok: false,
      holder: { apiAddress: 'http://127.0.0.1:41525' },
    });
  });
});
