import { describe, expect, it } from 'vitest';
import { fullJitterDelay, retryInPlace, type RetryOptions } from './backoff.ts';
import { SyncError, type SyncErrorClass } from './error-classes.ts';
import { toSyncError } from './sync-error-policy.ts';

const backoff = { baseMs: 100, capMs: 5_000 };

describe('fullJitterDelay', () => {
  it('stays between 0 and base·2^attempt, scaled by the random draw', () => {
    expect(fullJitterDelay(0, backoff, () => 0)).toBe(0);
    expect(fullJitterDelay(0, backoff, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, backoff, () => 0.5)).toBe(400);
    expect(fullJitterDelay(3, backoff, () => 0.999)).toBeLessThan(800);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(fullJitterDelay(10, backoff, () => 0.999)).toBe(4_995);
    expect(fullJitterDelay(5_000, backoff, () => 0.999)).toBeLessThan(backoff.capMs);
  });
});

function fakeRetry(overrides: Partial<RetryOptions> = {}) {
  const waits: number[] = [];
  const retried: SyncErrorClass[] = [];
  const options: RetryOptions = {
    ...backoff,
    maxAttempts: 5,
    maxWaitMs: 60_000,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    toSyncError: (error) => toSyncError(error, 'Acme'),
    onRetry: (error) => retried.push(error.errorClass),
    ...overrides,
  };
  return { options, waits, retried };
}

/** An operation that fails with the given errors in turn, then answers "done". */
function failing(...errors: unknown[]) {
  let calls = 0;
  const operation = async () => {
    calls++;
    if (errors.length > 0) throw errors.shift();
    return 'done';
  };
  return { operation, calls: () => calls };
}

describe('retryInPlace', () => {
  it('retries rate limits, network and server errors with growing jittered waits', async () => {
    const { options, waits, retried } = fakeRetry();
    const networkDown = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const op = failing(new SyncError('rate_limit', 'Acme'), networkDown, new SyncError('server', 'Acme'));
    await expect(retryInPlace(op.operation, options)).resolves.toBe('done');
    expect(op.calls()).toBe(4);
    expect(retried).toEqual(['rate_limit', 'network', 'server']);
    expect(waits).toEqual([50, 100, 200]);
  });

  it('waits at least as long as Retry-After asks', async () => {
    const { options, waits } = fakeRetry();
    const op = failing(new SyncError('rate_limit', 'Acme', { status: 429, retryAfterMs: 7_000 }));
    await retryInPlace(op.operation, options);
    expect(waits).toEqual([7_000]);
  });

  it('gives up at once when Retry-After is longer than it may wait (the work is parked instead)', async () => {
    const { options, waits } = fakeRetry({ maxWaitMs: 5_000 });
    const tooLong = new SyncError('rate_limit', 'Acme', { status: 429, retryAfterMs: 60_000 });
    const op = failing(tooLong);
    await expect(retryInPlace(op.operation, options)).rejects.toBe(tooLong);
    expect(op.calls()).toBe(1);
    expect(waits).toEqual([]);
  });

  it.each(['auth', 'validation', 'conflict', 'not_found', 'mapping'] as const)(
    'does not retry %s errors',
    async (errorClass) => {
      const { options, waits } = fakeRetry();
      const op = failing(new SyncError(errorClass, 'Acme'));
      await expect(retryInPlace(op.operation, options)).rejects.toMatchObject({ errorClass });
      expect(op.calls()).toBe(1);
      expect(waits).toEqual([]);
    },
  );

  it('turns an unknown thrown value into an internal error and does not retry it', async () => {
    const { options } = fakeRetry();
    const op = failing(new RangeError('bad index'));
    const error = await retryInPlace(op.operation, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ errorClass: 'internal', retryable: false });
    expect(op.calls()).toBe(1);
  });

  it('stops after maxAttempts and rethrows the last failure', async () => {
    const { options, waits } = fakeRetry({ maxAttempts: 3 });
    const last = new SyncError('server', 'Acme', { status: 503 });
    const op = failing(new SyncError('server', 'Acme'), new SyncError('server', 'Acme'), last);
    await expect(retryInPlace(op.operation, options)).rejects.toBe(last);
    expect(op.calls()).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('stops retrying once the signal is aborted', async () => {
    const controller = new AbortController();
    const { options } = fakeRetry({ signal: controller.signal });
    const op = failing(new SyncError('server', 'Acme'), new SyncError('server', 'Acme'));
    controller.abort();
    await expect(retryInPlace(op.operation, options)).rejects.toMatchObject({ errorClass: 'server' });
    expect(op.calls()).toBe(1);
  });
});
