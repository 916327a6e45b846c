import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-workspace.ts';
import { createFolderConnector } from './folder-connector.ts';

// A 200 MB export is read a page at a time, never whole into memory. (Made here, not committed.)

const temp = makeTempDir('patchbay-big-');
afterAll(() => temp.dispose());

it('streams a 200 MB file: its first page comes before the file is read, and memory stays far below its size', async () => {
  const dir = join(temp.dir, 'big');
  mkdirSync(dir);
  const path = join(dir, 'orders.csv');
  const file = openSync(path, 'w');
  const filler = 'x'.repeat(1990);
  writeSync(file, 'id,notes\n');
  const rows = 100_000;
  for (let start = 0; start < rows; start += 1000)
    writeSync(file, Array.from({ length: 1000 }, (_, i) => `${start + i + 1},${filler}\n`).join(''));
  closeSync(file);
  const connector = createFolderConnector({
    appId: 'app',
    appName: 'Exports',
    config: { folder: dir, pattern: 'orders.csv', key: 'id' },
    secret: async () => undefined,
    now: () => new Date(),
  });
  global.gc?.();
  // The worker's own heap and buffers (rss is the whole process, shared with other test files).
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const before = used();
  let peak = before;
  let count = 0;
  let state;
  let pages = 0;
  do {
    const page = await connector.readPage('orders', '', state);
    count += page.records.length;
    pages++;
    peak = Math.max(peak, used());
    state = page.next;
  } while (state);
  expect(count).toBe(rows);
  expect(pages).toBeGreaterThan(90);
  // The file is 200 MB; read whole it would take at least that (twice, as JavaScript text).
  expect(peak - before).toBeLessThan(150 * 1024 * 1024);
}, 300_000);
