import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { PageState } from '../connector.ts';
import { makeTempDir } from '../../testing/temp-workspace.ts';
import { createFolderConnector } from './folder-connector.ts';
import { csv } from './folder-test-kit.ts';

// A read pass that a crash cut short is resumed by another process from the page state
// the engine committed, and nothing is lost: rows handed on before the crash may be
// handed on once more, never marked as read without having been.

const temp = makeTempDir('patchbay-pass-');
afterAll(() => temp.dispose());

it('resumes a pass after a crash from the committed page state, and loses no row', async () => {
  const folder = join(temp.dir, 'exports');
  const stateDir = join(temp.dir, 'state');
  mkdirSync(folder);
  writeFileSync(
    join(folder, 'orders.csv'),
    csv('id,total', ...Array.from({ length: 2500 }, (_, i) => `${i + 1},${i}`)),
  );
  // Each process opens its own connector, as each run does.
  const open = () =>
    createFolderConnector({
      appId: 'app',
      appName: 'Exports',
      config: { folder, pattern: 'orders.csv', key: 'id' },
      secret: async () => undefined,
      now: () => new Date('2026-11-29T12:00:00Z'),
      stateDir,
    });

  /** A pass to its end from `state`, as the engine runs it: the cursor becomes the newest cursor value. */
  async function finish(cursor: string, state: PageState | undefined) {
    const connector = open();
    const ids: string[] = [];
    let newest = cursor;
    do {
      const page = await connector.readPage('orders', cursor, state);
      ids.push(...page.records.map((r) => r.id));
      for (const r of page.records) if (r.cursorValue! > newest) newest = r.cursorValue!;
      state = page.next;
    } while (state);
    return { ids, cursor: newest };
  }

  const first = await open().readPage('orders', '', undefined);
  expect(first.records).toHaveLength(1000);
  // The process dies here, after the engine committed page 1 and its state.
  const rest = await finish('', first.next);
  expect(rest.ids).toHaveLength(1500);
  expect(new Set([...first.records.map((r) => r.id), ...rest.ids]).size).toBe(2500);
  expect(rest.cursor).toBe(first.records[0]!.cursorValue);

  // Rows handed on by the process that died are handed on once more (the engine finds them unchanged)…
  const again = await finish(rest.cursor, undefined);
  expect(again.ids).toEqual(first.records.map((r) => r.id));
  // …and after that the file is known: nothing to read.
  expect((await finish(again.cursor, undefined)).ids).toEqual([]);
});
