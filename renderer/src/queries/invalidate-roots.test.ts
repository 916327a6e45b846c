import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, expect, it } from 'vitest';
import { invalidateRoots } from './invalidate-roots.ts';

let client: QueryClient | undefined;
afterEach(() => client?.clear());

it('fetches again when a change arrives while a query is still on its first fetch', async () => {
  client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  let stored = 'never used';
  let release!: () => void;
  const firstAnswerHeld = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  // The server read `stored` when the first request arrived; its answer comes later.
  const observer = new QueryObserver(client, {
    queryKey: ['credentials', 'list'],
    queryFn: async () => {
      calls += 1;
      const answer = stored;
      if (calls === 1) await firstAnswerHeld;
      return answer;
    },
  });
  const stop = observer.subscribe(() => {});
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(observer.getCurrentResult().fetchStatus).toBe('fetching');

  // The change happens, and its event arrives, before that first answer.
  stored = 'refused';
  const invalidated = invalidateRoots(client, ['credentials']);
  release();
  await invalidated;

  expect(observer.getCurrentResult().data).toBe('refused');
  expect(calls).toBe(2);
  stop();
});
