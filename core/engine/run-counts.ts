import type { RunCounts } from './run-store.ts';

/** Adds one page's counts to the run's. */
export function addCounts(into: RunCounts, add: RunCounts): void {
  into.read += add.read;
  into.created += add.created;
  into.updated += add.updated;
  into.unchanged += add.unchanged;
  into.failed += add.failed;
  if (add.deleted) into.deleted = (into.deleted ?? 0) + add.deleted;
}

/** One page's line in the run's timeline. */
export function pageInWords(page: number, c: RunCounts, unreadable = 0): string {
  const parts = [`${c.created} created`, `${c.updated} updated`, `${c.unchanged} unchanged`];
  if (c.failed > unreadable) parts.push(`${c.failed - unreadable} could not be written`);
  if (unreadable > 0) parts.push(`${unreadable} could not be read (bad rows in the source)`);
  if (c.deleted) parts.push(`${c.deleted} deleted at source`);
  return `Page ${page}: ${c.read} read; ${parts.join(', ')}.`;
}
