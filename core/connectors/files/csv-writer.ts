import { copyFile, open } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { SyncError } from '../../reliability/error-classes.ts';
import { replaceAtomically } from './atomic-file.ts';
import { csvFormat, csvRows, type CsvFormat } from './csv-rows.ts';
import { byteOrderMark, canEncode, encodeText } from './text-encoding.ts';
import { decimalMarkFor } from './typed-value.ts';
import { keyOfCells } from './row-records.ts';
import {
  columnsFor,
  formatCell,
  keyIndexesIn,
  valueFor,
  type WriteItem,
  type WriteRequest,
} from './write-rows.ts';

// Writes rows into a CSV file by replacing it whole (atomic-file.ts): an upsert streams
// the old file through, changing the rows whose key matches and adding the others at
// the end; "append only" copies the old bytes and adds rows after them. The file keeps
// its separator and encoding (a Windows-1252 file that would have to hold a character
// it cannot becomes UTF-8 with a mark, rather than lose the character).

const newline = '\r\n';

export async function writeCsv(request: WriteRequest): Promise<string[]> {
  const { target, config, items } = request;
  const format: CsvFormat = request.exists
    ? await csvFormat(target.path, config)
    : { encoding: 'utf-8', bom: true, bomLength: 3, delimiter: config.delimiter ?? ',' };
  const header = request.exists ? await headerOfFile(target.path, format) : [];
  const columns = columnsFor(header, items);
  const decimal = decimalMarkFor(format.delimiter);
  const line = (cells: readonly string[]) =>
    stringify([cells as string[]], { delimiter: format.delimiter, record_delimiter: newline });
  const newText = items
    .map((item) => line(columns.map((c) => formatCell(valueFor(item.record, c).value, decimal))))
    .join('');
  const encoding = canEncode(newText, format.encoding) ? format.encoding : 'utf-8';
  const keepsBytes = request.exists && encoding === format.encoding && columns.length === header.length;

  if (request.mode === 'append' && keepsBytes) {
    await replaceAtomically(
      target.path,
      async (temp) => {
        await copyFile(target.path, temp);
        const prefix = (await endsWithNewline(temp, format)) ? '' : newline;
        await appendBytes(temp, encodeText(prefix + newText, encoding));
      },
      { now: request.now, backup: true, exists: true },
    );
    return items.map((item, i) => item.key ?? `${target.name}:appended:${request.now.getTime()}:${i}`);
  }

  const ids: string[] = [];
  await replaceAtomically(
    target.path,
    async (temp) => {
      const out = await open(temp, 'w');
      let buffered: string[] = [];
      let bufferedChars = 0;
      const flush = async () => {
        if (buffered.length === 0) return;
        await out.write(encodeText(buffered.join(''), encoding));
        buffered = [];
        bufferedChars = 0;
      };
      const put = async (text: string) => {
        buffered.push(text);
        bufferedChars += text.length;
        if (bufferedChars > 256 * 1024) await flush();
      };
      try {
        if (encoding !== 'windows-1252' && (format.bom || encoding !== format.encoding))
          await out.write(byteOrderMark[encoding]);
        if (format.fromLine === 2) await put(`sep=${format.delimiter}${newline}`);
        await put(line(columns));
        const pending = new Map(
          items.map((item, i) => [
            request.mode === 'upsert' && item.key !== undefined ? item.key.toLowerCase() : `#${i}`,
            item,
          ]),
        );
        const keyIndexes = keyIndexesIn(header, request.keyColumns);
        let row = 1;
        if (request.exists) {
          let first = true;
          for await (const item of csvRows(target.path, format, true)) {
            if (item.kind === 'problem')
              throw unsafeToWrite(request.appName, target.name, `line ${item.line} ${item.message}`);
            if (first) {
              first = false;
              continue;
            }
            row++;
            const cells = item.cells.map((c) => String(c ?? ''));
            const key = keyIndexes ? keyOfCells(cells, keyIndexes).toLowerCase() : undefined;
            const match = key ? pending.get(key) : undefined;
            if (match) {
              pending.delete(key!);
              ids[items.indexOf(match)] = match.key!;
              await put(
                line(
                  columns.map((c, i) => {
                    const given = valueFor(match.record, c);
                    return given.found ? formatCell(given.value, decimal) : (cells[i] ?? '');
                  }),
                ),
              );
            } else {
              // New columns at the right are empty in the rows left as they were (a ragged row stays ragged).
              const padded =
                cells.length === header.length
                  ? [...cells, ...columns.slice(header.length).map(() => '')]
                  : cells;
              await put(line(padded));
            }
          }
        }
        for (const item of pending.values()) {
          row++;
          ids[items.indexOf(item)] = item.key ?? `${target.name}:${row}`;
          await put(line(columns.map((c) => formatCell(valueFor(item.record, c).value, decimal))));
        }
        await flush();
      } finally {
        await out.close();
      }
    },
    { now: request.now, backup: true, exists: request.exists },
  );
  return ids;
}

async function headerOfFile(path: string, format: CsvFormat): Promise<string[]> {
  for await (const item of csvRows(path, format, true)) {
    if (item.kind === 'row') return item.cells.map((c) => String(c ?? ''));
    break;
  }
  return [];
}

async function endsWithNewline(path: string, format: CsvFormat): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= format.bomLength) return true;
    const tail = Buffer.alloc(2);
    await handle.read(tail, 0, 2, size - 2);
    return (
      tail.includes(0x0a) &&
      (format.encoding !== 'utf-16le' || tail[0] === 0x0a) &&
      (format.encoding !== 'utf-16be' || tail[1] === 0x0a)
    );
  } finally {
    await handle.close();
  }
}

async function appendBytes(path: string, bytes: Buffer): Promise<void> {
  const handle = await open(path, 'a');
  try {
    await handle.write(bytes);
  } finally {
    await handle.close();
  }
}

/** A file with a row Patchbay cannot read back exactly is not rewritten: that row would be lost. */
export function unsafeToWrite(appName: string, file: string, problem: string): SyncError {
  return new SyncError('internal', appName, {
    summary: `Patchbay did not write into ${file}: its ${problem}, and rewriting the file could lose that row. Fix the row in the file, then retry.`,
  });
}

export type { WriteItem };
