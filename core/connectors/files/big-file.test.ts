import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-workspace.ts';
import { createFolderConnector } from './folder-connector.ts';

// A 200 MB export is read a page at a time, never whole into memory. (Made here, not committed.)

const temp = makeTempDir('patchbay-big-');
afterAll(() => temp.dispose());

it.runIf(existsSync('/proc/self/io'))(
  'streams a 200 MB file: its first page comes after a few megabytes, and the pass reads it once',
  async () => {
    const dir = join(temp.dir, 'big');
    mkdirSync(dir);
    const path = join(dir, 'orders.csv');
    const file = openSync(path, 'w');
    const filler = 'x'.repeat(2100);
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
    // Bytes this process has read from files so far (Linux; each test file runs in a process of its own).
    const bytesRead = () => Number(/rchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(200 * 1024 * 1024);

    const before = bytesRead();
    const first = await connector.readPage('orders', '', undefined);
    expect(first.records).toHaveLength(1000);
    // The first page came after a few megabytes, not after the whole file.
    expect(bytesRead() - before).toBeLessThan(16 * 1024 * 1024);

    let count = first.records.length;
    let state = first.next;
    while (state) {
      const page = await connector.readPage('orders', '', state);
      count += page.records.length;
      state = page.next;
    }
    expect(count).toBe(rows);
    // The whole pass read the file once, page after page, never from the top again.
    expect(bytesRead() - before).toBeLessThan(size * 1.2);
  },
  300_000,
);
