import { randomUUID } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { mulberry32 } from '../../demo/emulators/faults.ts';
import { engineProcess } from '../../testing/engine-process.ts';
import { csv, openFolderKit, workbookColumn, type FolderKit } from './folder-test-kit.ts';

// A flow writing into a workbook is killed (SIGKILL) in the middle of its run, again
// and again: after every kill the workbook opens, holds whole pages only, and the run
// that finishes leaves every row once. A file is replaced whole or not at all.

let kit: FolderKit | undefined;
afterEach(() => kit?.dispose());

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
  // No credentials: the keychain service is one no one uses.
  const engine = { dir: kit.dir, flowId: flow.id, secretService: `PatchbayTest-${randomUUID()}` };
  const ids = async () => (await workbookColumn(join(outbox, 'ledger.xlsx'))) as number[];

  const random = mulberry32(13);
  let killed = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    const ended = await engineProcess(engine, {
      pages: 1 + Math.floor(random() * 2),
      delayMs: Math.floor(random() * 150),
    });
    if (ended.signal === 'SIGKILL') killed++;
    else expect(ended.code, ended.stderr).toBe(0);
    // Whole or not at all: the workbook opens, and holds whole pages of rows.
    const written = await ids();
    expect(
      written.length % 1000 === 0 || written.length === total,
      `${written.length} rows after a kill`,
    ).toBe(true);
    expect(new Set(written).size).toBe(written.length);
  }
  expect(killed).toBeGreaterThan(0);

  const last = await engineProcess(engine);
  expect(last.code, last.stderr).toBe(0);
  const all = await ids();
  expect(all).toHaveLength(total);
  expect(new Set(all).size).toBe(total);
  // A temporary file a kill left behind is gone after the next write.
  expect(readdirSync(outbox).filter((n) => n.includes('.patchbay-'))).toEqual([]);
}, 300_000);
