import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, expect, it } from 'vitest';
import { mulberry32 } from '../../demo/emulators/faults.ts';
import { csv, openFolderKit, type FolderKit } from './folder-test-kit.ts';

// A flow writing into a workbook is killed (SIGKILL) in the middle of its run, again
// and again: after every kill the workbook opens, holds whole pages only, and the run
// that finishes leaves every row once. A file is replaced whole or not at all.

const root = new URL('../../..', import.meta.url).pathname;
let kit: FolderKit | undefined;
afterEach(() => kit?.dispose());

/** The flow run in an engine process of its own, killed with SIGKILL once `pages` pages are committed. */
function engineProcess(dir: string, flowId: string, kill?: { pages: number; delayMs: number }) {
  const child = spawn(
    process.execPath,
    ['core/testing/run-flow-process.ts', dir, flowId, `PatchbayTest-${randomUUID()}`],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    const pages = (stdout.match(/"runs\.progress"/g) ?? []).length;
    if (kill && pages >= kill.pages && child.exitCode === null)
      setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
  });
  return new Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
}

async function rowsOf(path: string): Promise<number[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path); // throws on a half-written file
  const ids: number[] = [];
  book.worksheets[0]!.eachRow((row, n) => {
    if (n > 1) ids.push(row.getCell(1).value as number);
  });
  return ids;
}

it('never leaves a half-written workbook when the process is killed mid-run, and loses or doubles no row', async () => {
  kit = openFolderKit();
  const inbox = kit.folder('exports');
  const outbox = kit.folder('ledger');
  const total = 6000;
  writeFileSync(
    join(inbox, 'orders.csv'),
    csv('Nr;Kunde;Betrag', ...Array.from({ length: total }, (_, i) => `${i + 1};Kunde ${i + 1};${i},50`)),
  );
  const source = await kit.folderApp('Exports', { folder: inbox, pattern: 'orders.csv', key: 'Nr' });
  const target = await kit.folderApp('Ledger', { folder: outbox, pattern: 'ledger.xlsx', key: 'Nr' });
  const flow = await kit.copyFlow(source, 'orders', target, 'ledger', ['Nr', 'Kunde', 'Betrag'], 'Nr');
  kit.core.close();

  const random = mulberry32(13);
  let killed = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    const ended = await engineProcess(kit.dir, flow.id, {
      pages: 1 + Math.floor(random() * 2),
      delayMs: Math.floor(random() * 150),
    });
    if (ended.signal === 'SIGKILL') killed++;
    else expect(ended.code, ended.stderr).toBe(0);
    // Whole or not at all: the workbook opens, and holds whole pages of rows.
    const ids = await rowsOf(join(outbox, 'ledger.xlsx'));
    expect(ids.length % 1000 === 0 || ids.length === total, `${ids.length} rows after a kill`).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  }
  expect(killed).toBeGreaterThan(0);

  const last = await engineProcess(kit.dir, flow.id);
  expect(last.code, last.stderr).toBe(0);
  const ids = await rowsOf(join(outbox, 'ledger.xlsx'));
  expect(ids).toHaveLength(total);
  expect(new Set(ids).size).toBe(total);
  // A temporary file a kill left behind is gone after the next write.
  expect(readdirSync(outbox).filter((n) => n.includes('.patchbay-'))).toEqual([]);
}, 300_000);
