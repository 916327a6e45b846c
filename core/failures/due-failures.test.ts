import { expect, it } from 'vitest';
import type { Failure } from '../contract/flows.ts';
import { dueFailures } from './due-failures.ts';

it('asks for a round of due failures as of now and leaves those of a flow that cannot run', () => {
  const asked: [string, number][] = [];
  const failure = (id: number, flowId: string) => ({ id, flowId }) as Failure;
  const source = {
    due: (now: string, limit: number) => {
      asked.push([now, limit]);
      return [failure(1, 'free'), failure(2, 'busy'), failure(3, 'free')];
    },
  };
  const due = dueFailures(source, new Date('2026-03-01T10:00:00Z'), (flowId) => flowId === 'free');
  expect(due.map((f) => f.id)).toEqual([1, 3]);
  expect(asked).toEqual([['2026-03-01T10:00:00.000Z', 1000]]);
});
