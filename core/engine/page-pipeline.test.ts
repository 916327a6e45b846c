import { expect, it } from 'vitest';
import { createPagePipeline } from './page-pipeline.ts';
import type { Checkpoint } from './run-store.ts';

/** A source that records each read and answers what `answer` says for its place. */
function source(
  answer: (at: Checkpoint) => Promise<string> = async (at) => `page ${at.cursor} ${JSON.stringify(at.page)}`,
) {
  const reads: Checkpoint[] = [];
  return {
    reads,
    read: (at: Checkpoint) => {
      reads.push(at);
      return answer(at);
    },
  };
}

it('hands over the page read ahead when the next read is for the same place, and reads only once', async () => {
  const s = source();
  const pages = createPagePipeline(s.read);
  expect(await pages.take({ cursor: 'a' })).toBe('page a undefined');
  pages.readAhead({ cursor: 'a', page: { token: '2' } });
  expect(s.reads).toHaveLength(2);
  // The checkpoint committed with the page is a new object with the same place (and a passMax).
  expect(await pages.take({ cursor: 'a', page: { token: '2' }, passMax: 'z' })).toBe('page a {"token":"2"}');
  expect(s.reads).toHaveLength(2);
});

it('reads afresh when the run asks for another place than the one read ahead', async () => {
  const s = source();
  const pages = createPagePipeline(s.read);
  pages.readAhead({ cursor: 'a', page: { token: '2' } });
  expect(await pages.take({ cursor: 'b' })).toBe('page b undefined');
  expect(s.reads.map((r) => r.cursor)).toEqual(['a', 'b']);
  // The early page is dropped, not kept for later.
  expect(await pages.take({ cursor: 'a', page: { token: '2' } })).toBe('page a {"token":"2"}');
  expect(s.reads).toHaveLength(3);
});

it('throws a read-ahead failure when the page is taken, and never when it is not', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const s = source(async () => {
      throw new Error('HubSpot answered 503');
    });
    const pages = createPagePipeline(s.read);
    pages.readAhead({ cursor: 'a', page: { token: '2' } });
    await expect(pages.take({ cursor: 'a', page: { token: '2' } })).rejects.toThrow('HubSpot answered 503');
    // A run that ends (cancelled, failed) before taking the page it read ahead.
    pages.readAhead({ cursor: 'a', page: { token: '3' } });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
