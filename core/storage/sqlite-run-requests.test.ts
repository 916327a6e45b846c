import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../contract/errors.ts';
import { createRunRequests } from '../services/run-requests.ts';
import { makeTempDir } from '../testing/temp-workspace.ts';
import { migrations } from './migrations/index.ts';
import { openDatabase } from './open-database.ts';
import { SqliteRunRequests } from './sqlite-run-requests.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

function database(options: { beforeRunRequests?: boolean } = {}) {
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  const file = join(dir, 'patchbay.db');
  if (options.beforeRunRequests)
    openDatabase(file, { migrations: migrations.filter((m) => m.version < 13) }).db.close();
  const opened = openDatabase(file);
  cleanups.unshift(() => opened.db.close());
  return opened;
}

const result = {
  runId: 7,
  status: 'succeeded',
  counts: { read: 2, created: 2, updated: 0, unchanged: 0, failed: 0 },
};

describe('run requests (migration 0013)', () => {
  it('upgrades a workspace from before run requests, keeping a backup', () => {
    const { db, schemaVersion, backupFile } = database({ beforeRunRequests: true });
    expect(schemaVersion).toBe(migrations.at(-1)!.version);
    expect(backupFile).toBeDefined();
    expect(new SqliteRunRequests(db).ask('f1', '2026-11-29T10:00:00.000Z')).toBe(1);
  });

  it('a request is taken once, recent ones only, and its outcome read back', () => {
    const store = new SqliteRunRequests(database().db);
    const stale = store.ask('old', '2026-11-29T09:00:00.000Z');
    const id = store.ask('f1', '2026-11-29T10:00:00.000Z');
    expect(store.outcome(id)).toEqual({
      taken: false,
      finished: false,
      result: null,
      errorKind: null,
      error: null,
    });
    expect(store.takeOpen('2026-11-29T10:00:01.000Z', '2026-11-29T09:59:00.000Z')).toEqual([
      { id, flowId: 'f1' },
    ]);
    expect(store.takeOpen('2026-11-29T10:00:02.000Z', '2026-11-29T09:59:00.000Z')).toEqual([]);
    expect(store.outcome(stale)).toMatchObject({ taken: false });
    store.finish(id, { result: JSON.stringify(result) }, '2026-11-29T10:00:03.000Z');
    expect(store.outcome(id)).toMatchObject({ taken: true, finished: true, result: JSON.stringify(result) });
  });

  it('the asker gets the holder’s result, or its error with the same kind', async () => {
    const store = new SqliteRunRequests(database().db);
    const requests = createRunRequests({
      store,
      now: () => new Date(),
      sleep: () => new Promise((r) => setTimeout(r, 5)),
      closing: () => false,
    });
    const asked = requests.askOwner('f1');
    const refused = requests.askOwner('f2');
    await new Promise((r) => setTimeout(r, 20));
    requests.serveOpen(async (flowId) => {
      if (flowId === 'f2')
        throw new ApiError('conflict', 'Orders is already running. Wait for it to finish.');
      return result as never;
    });
    expect(await asked).toEqual(result);
    await expect(refused).rejects.toMatchObject({
      kind: 'conflict',
      message: 'Orders is already running. Wait for it to finish.',
    });
  });

  it('gives up in words when nobody takes the request in time, and when this process closes', async () => {
    let now = Date.parse('2026-11-29T10:00:00.000Z');
    const store = new SqliteRunRequests(database().db);
    const requests = createRunRequests({
      store,
      now: () => new Date(now),
      sleep: async () => void (now += 30_000),
      closing: () => false,
      takeWithinMs: 60_000,
    });
    await expect(requests.askOwner('f1')).rejects.toMatchObject({
      kind: 'unavailable',
      message: 'The process that runs this workspace’s syncs did not take the run. Try again in a moment.',
    });
    const closing = createRunRequests({
      store,
      now: () => new Date(now),
      sleep: async () => {},
      closing: () => true,
    });
    await expect(closing.askOwner('f1')).rejects.toMatchObject({
      kind: 'unavailable',
      message: 'Patchbay is closing.',
    });
  });
});
