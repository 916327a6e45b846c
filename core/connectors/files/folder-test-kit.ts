import { mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import type { App } from '../../contract/apps.ts';
import type { Flow } from '../../contract/flows.ts';
import type { Connector, RejectedRecord, SourceRecord } from '../connector.ts';
import { copyColumnsFlow } from '../../testing/column-flows.ts';
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import { openTestCore, type TestCore } from '../../testing/temp-workspace.ts';

// A real workspace with folder apps on real folders, for the files connector's tests.

export interface FolderKit extends TestCore {
  /** A new empty folder inside the workspace's temp dir. */
  folder(name: string): string;
  folderApp(name: string, config: Record<string, string>): Promise<App>;
  /** A flow copying the named columns from one app's entity to another's, matched on `key`. */
  copyFlow(
    from: App,
    fromEntity: string,
    to: App,
    toEntity: string,
    columns: readonly string[],
    key: string,
  ): Promise<Flow>;
}

export function openFolderKit(): FolderKit {
  const core = openTestCore({ secrets: new InMemorySecretStore() });
  return {
    ...core,
    folder(name) {
      const dir = join(core.dir, 'office', name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    folderApp: (name, config) =>
      core.call('apps.create', {
        name,
        category: 'other',
        connector: { kind: 'files', connector: 'folder', config },
      }),
    copyFlow: (from, fromEntity, to, toEntity, columns, key) =>
      core.call(
        'flows.create',
        copyColumnsFlow({
          name: `${from.name} to ${to.name}`,
          from: { id: from.id, entity: fromEntity },
          to: { id: to.id, entity: toEntity },
          key,
          columns,
        }),
      ),
  };
}

export interface Read {
  records: SourceRecord[];
  rejected: RejectedRecord[];
  notices: string[];
}

/** Every page of a pass from the start, as the engine would read them. */
export async function readAll(connector: Connector, entity: string): Promise<Read> {
  const out: Read = { records: [], rejected: [], notices: [] };
  let state;
  do {
    const page = await connector.readPage(entity, '', state);
    out.records.push(...page.records);
    out.rejected.push(...(page.rejected ?? []));
    out.notices.push(...(page.notices ?? []));
    state = page.next;
  } while (state);
  return out;
}

/** CSV text with Windows line ends, as Excel saves it. */
export const csv = (...lines: string[]) => lines.join('\r\n') + '\r\n';

export async function workbook(
  path: string,
  build: (sheet: ExcelJS.Worksheet) => void,
  sheetName = 'Orders',
) {
  const book = new ExcelJS.Workbook();
  build(book.addWorksheet(sheetName));
  await book.xlsx.writeFile(path);
}

/**
 * The values in one column of a workbook's first sheet, below the header. Opening it
 * whole throws on a half-written file: crash tests call it after every kill.
 */
export async function workbookColumn(path: string, column = 1): Promise<ExcelJS.CellValue[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const values: ExcelJS.CellValue[] = [];
  book.worksheets[0]!.eachRow((row, n) => {
    if (n > 1) values.push(row.getCell(column).value);
  });
  return values;
}
