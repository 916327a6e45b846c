import { describe, expect, it } from 'vitest';
import type { Core } from '../host/core.ts';
import type { EventListener } from '../host/event-bus.ts';
import { KnownSecrets } from './known-secrets.ts';
import { redactingCore } from './redacting-core.ts';

const key = 'sk_live_canary_51HxEvent';

describe('the core as transports see it', () => {
  it('masks known secrets in error answers and pushed events, and still closes the real core', async () => {
    const listeners: EventListener[] = [];
    let closed = 0;
    const inner: Core = {
      invoke: async () => ({
        ok: false,
        error: { kind: 'internal', message: `Stripe said: bad key ${key}` },
      }),
      onEvent: (listener) => {
        listeners.push(listener);
        return () => undefined;
      },
      workspace: { name: 'acme', dir: '/tmp/acme' },
      close: () => void closed++,
      shutdown: async () => void closed++,
      startScheduler: () => undefined,
      advertiseApi: () => undefined,
    };
    const known = new KnownSecrets();
    known.note(key);
    const core = redactingCore(inner, known);

    expect(await core.invoke('health.get', {})).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'Stripe said: bad key [redacted]' },
    });
    const seen: unknown[] = [];
    core.onEvent((event) => seen.push(event));
    listeners[0]!({
      name: 'runs.finished',
      payload: {
        runId: 1,
        flowId: 'f',
        status: 'failed',
        counts: { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0 },
        error: `Stripe refused ${key}`,
      },
    });
    expect(JSON.stringify(seen)).toContain('Stripe refused [redacted]');
    expect(JSON.stringify(seen)).not.toContain(key);
    core.close();
    await core.shutdown();
    expect(closed).toBe(2);
    expect(core.workspace.name).toBe('acme');
  });
});
