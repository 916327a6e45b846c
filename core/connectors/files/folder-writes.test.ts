import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDecoder } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../reliability/error-classes.ts';
import { makeTempDir } from '../../testing/temp-workspace.ts';
import { backupFolderName } from './atomic-file.ts';
import { createFolderConnector } from './folder-connector.ts';
import { csv, workbook } from './folder-test-kit.ts';
import { encodeText } from './text-encoding.ts';

// Writing into a file of the folder: the file keeps its format, an export log only
// grows, a locked file waits for a later run, and a write that cannot finish leaves the
// file as it was.

const temp = makeTempDir('patchbay-writes-');
afterAll(() => temp.dispose());
let made = 0;

function folderWith(files: Record<string, string | Buffer>) {
  const folder = join(temp.dir, `f${++made}`);
  mkdirSync(folder);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

const connector = (folder: string, config: Record<string, string>) =>
  createFolderConnector({
    appId: 'app',
    appName: 'Ledger',
    config: { folder, ...config },
    secret: async () => undefined,
    now: () => new Date('2026-11-29T12:00:00Z'),
  });

const windows1252 = (bytes: Buffer) => new TextDecoder('windows-1252').decode(bytes);

describe('writing into a folder', () => {
  it('appends to an export log and leaves every earlier byte as it was', async () => {
    const before = encodeText(csv('Nr;Kunde;Betrag', '1;Müller;1,50'), 'windows-1252');
    const folder = folderWith({ 'log.csv': before });
    const log = connector(folder, { pattern: 'log.csv', writeMode: 'append' });
    const ids = await log.batchUpsert('log', [
      { key: '', record: { Nr: 2, Kunde: 'Jürgen', Betrag: 2.5 } },
      { key: '', record: { Nr: 2, Kunde: 'Jürgen', Betrag: 3.75 } },
    ]);
    expect(ids.size).toBe(2);
    const after = readFileSync(join(folder, 'log.csv'));
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(windows1252(after)).toBe(csv('Nr;Kunde;Betrag', '1;Müller;1,50', '2;Jürgen;2,5', '2;Jürgen;3,75'));
  });

  it("updates rows by key keeping the file's mark, separator hint and columns, and adds a new column at the right", async () => {
    const folder = folderWith({
      'ledger.csv': '\uFEFF' + csv('sep=;', 'Nr;Name;Total', '1;Ann;10', '2;Bob;20'),
    });
    const ledger = connector(folder, { pattern: 'ledger.csv', key: 'Nr' });
    await ledger.batchUpsert('ledger', [
      { key: '2', record: { Nr: 2, Total: 25.5, Note: 'paid' } },
      { key: '3', record: { Nr: 3, Name: 'Cy', Total: 30 } },
    ]);
    expect(readFileSync(join(folder, 'ledger.csv'), 'utf8')).toBe(
      '\uFEFF' + csv('sep=;', 'Nr;Name;Total;Note', '1;Ann;10;', '2;Bob;25,5;paid', '3;Cy;30;'),
    );
    expect(readdirSync(join(folder, backupFolderName))).toEqual(['ledger 2026-11-29.csv']);
  });

  it('turns a Windows-1252 file into UTF-8 rather than lose a character it cannot hold', async () => {
    const folder = folderWith({ 'ledger.csv': encodeText(csv('Nr,Name', '1,Müller'), 'windows-1252') });
    await connector(folder, { pattern: 'ledger.csv', key: 'Nr' }).batchUpsert('ledger', [
      { key: '2', record: { Nr: 2, Name: '東京 Trading' } },
    ]);
    expect(readFileSync(join(folder, 'ledger.csv'), 'utf8')).toBe(
      '\uFEFF' + csv('Nr,Name', '1,Müller', '2,東京 Trading'),
    );
  });

  it('leaves a workbook open in Excel alone and says it will write it on a later run', async () => {
    const folder = folderWith({});
    await workbook(join(folder, 'ledger.xlsx'), (s) => s.addRow(['Nr']));
    writeFileSync(join(folder, '~$ledger.xlsx'), 'owner');
    const before = readFileSync(join(folder, 'ledger.xlsx'));
    const error = await connector(folder, { pattern: 'ledger.xlsx', key: 'Nr' })
      .batchUpsert('ledger', [{ key: '1', record: { Nr: 1 } }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({
      errorClass: 'server',
      retryable: true,
      message:
        'ledger.xlsx in Ledger is open in another program (Excel keeps it locked): Patchbay writes it on a later run, once it is closed.',
    });
    expect(readFileSync(join(folder, 'ledger.xlsx')).equals(before)).toBe(true);
  });

  it('stops short of rewriting a file with a row it cannot read back, leaving the file and no temporary file', async () => {
    const broken = csv('Nr,Name', '1,Ann', '2,"Bob', '3,Cy');
    const folder = folderWith({ 'ledger.csv': broken });
    const error = await connector(folder, { pattern: 'ledger.csv', key: 'Nr' })
      .batchUpsert('ledger', [{ key: '4', record: { Nr: 4, Name: 'Dee' } }])
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toBe(
      'Patchbay did not write into ledger.csv: its line 3 has a quote (") that is never closed, so the file could not be read from here on, and rewriting the file could lose that row. Fix the row in the file, then retry.',
    );
    expect(readFileSync(join(folder, 'ledger.csv'), 'utf8')).toBe(broken);
    expect(readdirSync(folder)).toEqual(['ledger.csv']);
  });
});
