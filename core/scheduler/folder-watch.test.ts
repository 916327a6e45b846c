import { mkdirSync, openSync, readFileSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf } from '../contract/methods.ts';
import { clientFor } from '../host/core-client.ts';
import type { Core } from '../host/core.ts';
import { openCore } from '../host/open-core.ts';
import { createReportedFiles } from './folder-watch.ts';
import { copyColumnsFlow } from '../testing/column-flows.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { makeTempDir } from '../testing/temp-workspace.ts';

// A flow whose source is a folder runs when a file lands there, besides its schedule:
// the real watcher (chokidar) on a real folder, the real scheduler queue, the real engine.

let core: Core | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await core?.shutdown();
  cleanup?.();
});

type Finished = EventOf<'runs.finished'>['payload'];

/** Resolves with the first finished run of the flow that a file change started. */
function fileChangeRun(of: Core, flowId: string): Promise<Finished> {
  const started = new Set<number>();
  return new Promise((resolve) => {
    of.onEvent((raw) => {
      const event = raw as EventOf<'runs.started' | 'runs.finished'>;
      if (
        event.name === 'runs.started' &&
        event.payload.flowId === flowId &&
        event.payload.trigger === 'file-change'
      )
        started.add(event.payload.runId);
      if (event.name === 'runs.finished' && started.has(event.payload.runId)) resolve(event.payload);
    });
  });
}

describe('a watched folder', () => {
  it('runs the flow that reads it when a file lands, once the file has stopped growing', async () => {
    const temp = makeTempDir();
    cleanup = temp.dispose;
    const inbox = join(temp.dir, 'office', 'incoming');
    const outbox = join(temp.dir, 'office', 'ledger');
    mkdirSync(inbox, { recursive: true });
    mkdirSync(outbox, { recursive: true });
    core = openCore({
      workspaceDir: join(temp.dir, 'workspace'),
      secrets: new InMemorySecretStore(),
      startScheduler: true,
      fileStableMs: 1500,
    });
    const { call } = clientFor(core);
    const folderApp = (name: string, folder: string, pattern: string) =>
      call('apps.create', {
        name,
        connector: { kind: 'files', connector: 'folder', config: { folder, pattern, key: 'Order' } },
      });
    const source = await folderApp('Incoming orders', inbox, 'orders-*.csv');
    const target = await folderApp('Ledger', outbox, 'ledger.csv');
    const flow = await call(
      'flows.create',
      copyColumnsFlow({
        name: 'Orders into the ledger',
        from: { id: source.id, entity: 'orders' },
        to: { id: target.id, entity: 'ledger' },
        key: 'Order',
        columns: ['Order', 'Total'],
      }),
    );
    const ran = fileChangeRun(core, flow.id);

    // Another program copies the file in a few pieces; a file that matches no flow is no change.
    writeFileSync(join(inbox, 'notes.txt'), 'not an export');
    const file = openSync(join(inbox, 'orders-2026-11-29.csv'), 'w');
    writeSync(file, 'Order,Total\n');
    for (let piece = 0; piece < 5; piece++) {
      writeSync(file, Array.from({ length: 200 }, (_, i) => `${piece * 200 + i + 1},${i}.50\n`).join(''));
      await new Promise((done) => setTimeout(done, 50));
    }
    closeSync(file);

    const run = await ran;
    expect(run).toMatchObject({ status: 'succeeded', counts: { read: 1000, created: 1000 } });
    expect(readFileSync(join(outbox, 'ledger.csv'), 'utf8').trim().split('\n')).toHaveLength(1001);
    const history = await call('runs.list', { flowId: flow.id });
    expect(history.items.map((r) => r.trigger)).toEqual(['file-change']);
  });
});

describe('a file reported to the flows', () => {
  it('is reported once per version: found again unchanged it is no change, written again it is', () => {
    const reported = createReportedFiles();
    const path = '/office/incoming/orders-2026-11-29.csv';
    // The first scan's look-back and the watcher's own "add" find the same file.
    expect(reported.isNew(path, { size: 12_000, mtimeMs: 1_796_000_000_000 })).toBe(true);
    expect(reported.isNew(path, { size: 12_000, mtimeMs: 1_796_000_000_000 })).toBe(false);
    // Saved again (a later time, or the same length with new content at a new time).
    expect(reported.isNew(path, { size: 12_000, mtimeMs: 1_796_000_000_500 })).toBe(true);
    expect(reported.isNew(path, { size: 13_500, mtimeMs: 1_796_000_000_500 })).toBe(true);
    // Another file with the same size and time is its own file.
    expect(
      reported.isNew('/office/incoming/orders-2026-11-30.csv', { size: 13_500, mtimeMs: 1_796_000_000_500 }),
    ).toBe(true);
    // Removed, then put back as it was: a new file again.
    reported.forget(path);
    expect(reported.isNew(path, { size: 13_500, mtimeMs: 1_796_000_000_500 })).toBe(true);
  });
});
