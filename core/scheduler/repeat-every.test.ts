import { expect, it } from 'vitest';
import { repeatEvery } from './repeat-every.ts';

it('runs one round after each wait, reports a failed round and goes on, and stops', async () => {
  const waits: number[] = [];
  const errors: unknown[] = [];
  let rounds = 0;
  let wake = () => {};
  const job = repeatEvery({
    everyMs: 500,
    round: async () => {
      rounds += 1;
      if (rounds === 1) throw new Error('first round failed');
    },
    sleep: (ms) => {
      waits.push(ms);
      return new Promise((resolve) => (wake = resolve));
    },
    onError: (error) => errors.push(error),
  });
  const tick = async () => {
    wake();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  expect(rounds).toBe(0);
  await tick();
  await tick();
  expect(rounds).toBe(2);
  expect(errors).toEqual([new Error('first round failed')]);
  job.stop();
  await tick();
  expect(rounds).toBe(2);
  expect(waits).toEqual([500, 500, 500]);
});
