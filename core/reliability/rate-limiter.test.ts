import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';

/** A clock whose sleep moves time on at once and records how long it was asked to wait. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    at: () => now,
    clock: {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    },
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('RateLimiter', () => {
  it('starts at most `requests` calls in any window of `perMs`', async () => {
    const time = fakeClock();
    const limiter = new RateLimiter({ requests: 2, perMs: 1_000, concurrency: 10 }, time.clock);
    const starts: number[] = [];
    for (let i = 0; i < 7; i++) await limiter.run(async () => starts.push(time.at()));
    for (const start of starts) {
      const inWindow = starts.filter((s) => s >= start && s < start + 1_000);
      expect(inWindow.length).toBeLessThanOrEqual(2);
    }
    expect(starts).toHaveLength(7);
    expect(time.sleeps).toEqual([1_000, 1_000, 1_000]);
  });

  it('keeps to a high limit over many windows, as a sync at 100,000 a second does', async () => {
    const time = fakeClock();
    const limiter = new RateLimiter({ requests: 3_000, perMs: 1_000, concurrency: 10 }, time.clock);
    const starts: number[] = [];
    // 0.1 ms apart: 10,000 in a second of calls, so the limiter waits and forgets thousands of starts.
    for (let i = 0; i < 12_000; i++) {
      await limiter.run(async () => starts.push(time.at()));
      await time.clock.sleep(0.1);
    }
    let first = 0;
    for (let last = 0; last < starts.length; last++) {
      while (starts[first]! <= starts[last]! - 1_000) first++;
      expect(last - first + 1).toBeLessThanOrEqual(3_000);
    }
    // Each full window of 3,000 made the next start wait for its oldest to leave.
    expect(time.sleeps.filter((ms) => ms > 0.1).length).toBeGreaterThanOrEqual(3);
  });

  it('keeps no more than `concurrency` calls in flight', async () => {
    const time = fakeClock();
    const limiter = new RateLimiter({ requests: 100, perMs: 1_000, concurrency: 2 }, time.clock);
    const gates = Array.from({ length: 5 }, deferred);
    let inFlight = 0;
    let maxInFlight = 0;
    let started = 0;
    const runs = gates.map((gate) =>
      limiter.run(async () => {
        started++;
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await gate.promise;
        inFlight--;
      }),
    );
    await settle();
    expect(started).toBe(2);
    gates[0]!.resolve();
    await settle();
    expect(started).toBe(3);
    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    expect(started).toBe(5);
    expect(maxInFlight).toBe(2);
  });

  it('frees its slot when the call fails', async () => {
    const time = fakeClock();
    const limiter = new RateLimiter({ requests: 100, perMs: 1_000, concurrency: 1 }, time.clock);
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it('pauseFor holds every caller until the pause is over, and a shorter pause does not shorten it', async () => {
    const time = fakeClock();
    const limiter = new RateLimiter({ requests: 100, perMs: 1_000, concurrency: 4 }, time.clock);
    const start = time.at();
    limiter.pauseFor(30_000);
    limiter.pauseFor(5_000);
    const startedAt: number[] = [];
    await Promise.all([1, 2, 3].map(() => limiter.run(async () => startedAt.push(time.at()))));
    expect(startedAt.every((t) => t >= start + 30_000)).toBe(true);
    expect(time.sleeps[0]).toBe(30_000);
  });
});
