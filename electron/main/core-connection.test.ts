import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../core/contract/errors.ts';
import type { Core } from '../../core/host/core.ts';
import { databaseFileName, openCore } from '../../core/host/open-core.ts';
import { makeTempDir } from '../../core/testing/temp-workspace.ts';
import type { ToCore } from '../core-process/protocol.ts';
import { serveCore, serveFailure, type ParentPortLike } from '../core-process/serve-core.ts';
import { connectCore, type CoreChannel, type CoreEvent } from './core-connection.ts';

const quietLogger = { info: () => {}, error: () => {} };

/**
 * A stand-in for UtilityProcess + process.parentPort: messages are structured-cloned
 * and delivered on a later turn, as Electron does; nothing is delivered after exit.
 */
function simulatedProcess(start: (port: ParentPortLike, exit: (code: number) => void) => void) {
  const toMain = new Set<(message: unknown) => void>();
  const onExit = new Set<(code: number) => void>();
  let toChild: ((event: { data: unknown }) => void) | undefined;
  let exited = false;
  const sent: ToCore[] = [];
  const state = { killed: false };

  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    setImmediate(() => onExit.forEach((listener) => listener(code)));
  };
  const port: ParentPortLike = {
    on: (_event, listener) => {
      toChild = listener;
    },
    postMessage: (message) => {
      if (exited) return;
      const copy = structuredClone(message);
      setImmediate(() => toMain.forEach((listener) => listener(copy)));
    },
  };
  const channel: CoreChannel = {
    send: (message) => {
      if (exited) throw new Error('The process is gone.');
      sent.push(message);
      const copy = structuredClone(message);
      setImmediate(() => toChild?.({ data: copy }));
    },
    onMessage: (listener) => void toMain.add(listener),
    onExit: (listener) => void onExit.add(listener),
    kill: () => {
      state.killed = true;
      exit(143);
    },
  };
  start(port, exit);
  return { channel, sent, exit, state };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function realCore(): { core: Core; dir: string } {
  const { dir, dispose } = makeTempDir('patchbay-electron-');
  cleanups.push(dispose);
  const core = openCore({ workspaceDir: dir, logger: quietLogger });
  return { core, dir };
}

function connectedToRealCore() {
  const { core, dir } = realCore();
  const child = simulatedProcess((port, exit) => serveCore(port, core, { logger: quietLogger, exit }));
  const host = connectCore(child.channel, { logger: quietLogger });
  cleanups.push(() => void host.close());
  return { host, dir, core, child };
}

describe('connectCore ↔ serveCore over a simulated utility process', () => {
  it('answers health.get from the real core', async () => {
    const { host, dir } = connectedToRealCore();
    const result = await host.invoke('health.get', {});
    expect(result.ok).toBe(true);
    expect(result.ok && (result.value as { workspace: { dir: string } }).workspace.dir).toBe(dir);
  });

  it('passes the core’s typed errors through unchanged', async () => {
    const { host } = connectedToRealCore();
    expect(await host.invoke('no.such', {})).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await host.invoke('apps.create', { name: '' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid_input', field: 'name' },
    });
  });

  it('matches concurrent answers to their calls', async () => {
    const { host } = connectedToRealCore();
    const names = ['Alpha CRM', 'Beta Books', 'Gamma Shop'];
    const created = await Promise.all(names.map((name) => host.invoke('apps.create', { name })));
    expect(created.map((r) => r.ok && (r.value as { name: string }).name)).toEqual(names);
    const list = await host.invoke('apps.list', {});
    expect(list.ok && (list.value as unknown[]).length).toBe(3);
  });

  it('forwards core events until the listener unsubscribes', async () => {
    const { host } = connectedToRealCore();
    const events: CoreEvent[] = [];
    const stop = host.onEvent((event) => events.push(event));
    const created = await host.invoke('apps.create', { name: 'Delta Desk' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([
      {
        name: 'apps.changed',
        payload: { id: created.ok && (created.value as { id: string }).id, change: 'created' },
      },
    ]);
    stop();
    await host.invoke('apps.create', { name: 'Echo Mail' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toHaveLength(1);
  });

  it('closes cleanly: calls in flight are answered, the database is closed, later calls are refused', async () => {
    const { host, dir, child } = connectedToRealCore();
    const inFlight = host.invoke('apps.create', { name: 'Foxtrot Sheets' });
    const closed = host.close();
    expect((await inFlight).ok).toBe(true);
    await closed;
    expect(child.state.killed).toBe(false);
    // A clean close checkpoints and removes the write-ahead log.
    expect(existsSync(join(dir, `${databaseFileName}-wal`))).toBe(false);
    expect(await host.invoke('health.get', {})).toEqual({
      ok: false,
      error: { kind: 'unavailable', message: 'Patchbay is closing.' },
    });
  });
});

describe('connectCore when the process misbehaves', () => {
  it('answers pending calls with "unavailable" when the process dies', async () => {
    const child = simulatedProcess(() => {}); // never answers
    const host = connectCore(child.channel, { logger: quietLogger });
    const pending = host.invoke('health.get', {});
    child.exit(1);
    const result = await pending;
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(!result.ok && result.error.message).toContain('exit code 1');
    expect(await host.invoke('apps.list', {})).toEqual(result);
  });

  it('reports why the workspace could not be opened', async () => {
    const reason =
      'Patchbay could not open the workspace at /x: This workspace was saved by a newer Patchbay.';
    const child = simulatedProcess((port, exit) => serveFailure(port, reason, { logger: quietLogger, exit }));
    const host = connectCore(child.channel, { logger: quietLogger });
    expect(await host.invoke('health.get', {})).toEqual({
      ok: false,
      error: { kind: 'unavailable', message: reason },
    });
    await host.close();
    expect(await host.invoke('health.get', {})).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });

  it('kills a process that does not close in time', async () => {
    const child = simulatedProcess(() => {}); // ignores "close"
    const host = connectCore(child.channel, { logger: quietLogger, closeTimeoutMs: 20 });
    await host.close();
    expect(child.sent).toEqual([{ type: 'close' }]);
    expect(child.state.killed).toBe(true);
  });

  it('ignores events with names outside the contract', async () => {
    const child = simulatedProcess((port) => {
      port.postMessage({ type: 'event', name: 'apps.changed', payload: { id: 'a', change: 'updated' } });
      port.postMessage({ type: 'event', name: 'evil.event' as never, payload: {} });
    });
    const host = connectCore(child.channel, { logger: quietLogger });
    const events: CoreEvent[] = [];
    host.onEvent((event) => events.push(event));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.map((event) => event.name)).toEqual(['apps.changed']);
  });
});

describe('serveCore', () => {
  it('answers with a typed error when a value cannot cross the process boundary', async () => {
    const fakeCore: Core = {
      invoke: async () => ({ ok: true, value: { callback: () => 1 } }) as ApiResult<unknown>,
      onEvent: () => () => {},
      workspace: { name: 'w', dir: '/w' },
      close: () => {},
      shutdown: async () => {},
      startScheduler: () => {},
      advertiseApi: () => {},
    };
    const child = simulatedProcess((port, exit) => serveCore(port, fakeCore, { logger: quietLogger, exit }));
    const host = connectCore(child.channel, { logger: quietLogger });
    expect(await host.invoke('health.get', {})).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });
});
