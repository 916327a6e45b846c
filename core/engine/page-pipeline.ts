import type { Checkpoint } from './run-store.ts';

/**
 * Keeps the pipe full (issue 17): the next page is read while this one is written, so
 * the writes never wait for the source. Only reading runs ahead. Pages are still
 * planned, written and committed one after another, in order, and the checkpoint is
 * still committed with its page, so a crash repeats at most the page being written:
 * a page read ahead but not yet written was only read.
 */
export interface PagePipeline<Page> {
  /** The page at `at`: the one read ahead if it was read from the same place, else read now. */
  take(at: Checkpoint): Promise<Page>;
  /** Starts reading the page at `at` while the caller writes the current one. */
  readAhead(at: Checkpoint): void;
}

export function createPagePipeline<Page>(read: (at: Checkpoint) => Promise<Page>): PagePipeline<Page> {
  let ahead: { at: Checkpoint; page: Promise<Page> } | undefined;
  return {
    take(at) {
      const early = ahead && samePlace(ahead.at, at) ? ahead.page : undefined;
      ahead = undefined;
      return early ?? read(at);
    },
    readAhead(at) {
      const page = read(at);
      // Its error is thrown when the page is taken; a run that ends first never asks.
      page.catch(() => {});
      ahead = { at, page };
    },
  };
}

/** The same read: the cursor and the connector's page state (passMax does not change the request). */
function samePlace(a: Checkpoint, b: Checkpoint): boolean {
  return a.cursor === b.cursor && (a.page === b.page || JSON.stringify(a.page) === JSON.stringify(b.page));
}
