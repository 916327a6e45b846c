import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { decoderFor, detectDelimiter, detectEncoding, looksBinary } from './detect-format.ts';
import type { FileEncoding } from './folder-settings.ts';
import type { CellValue, SheetFormat, SheetItem } from './sheet-rows.ts';
import { decimalMarkFor, typedValue } from './typed-value.ts';

// Streams a CSV file as rows: encoding and separator found from its first 64 KB, the
// bytes decoded as they come, csv-parse cutting them into records. A bad record (an
// unclosed quote, a row longer than any export writes) becomes a problem with its line,
// and reading goes on where the parser can.

const sampleBytes = 64 * 1024;
/**
 * A row longer than this is not data an export wrote (8 million characters): most likely
 * a quote never closed swallowing the rest of the file, which is not read into memory.
 */
const maxRowChars = 8_000_000;

export interface CsvReadOptions {
  readonly encoding: FileEncoding | undefined;
  readonly delimiter: ',' | ';' | '\t' | undefined;
}

export class NotASpreadsheetError extends Error {}

/** The file's format, from its first bytes; throws NotASpreadsheetError for binary data. */
export async function csvFormat(path: string, options: CsvReadOptions): Promise<CsvFormat> {
  const handle = await open(path, 'r');
  let sample: Uint8Array;
  try {
    const buffer = Buffer.alloc(sampleBytes);
    const { bytesRead } = await handle.read(buffer, 0, sampleBytes, 0);
    sample = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const { encoding, bomLength } = detectEncoding(sample, options.encoding);
  const text = decoderFor(encoding).decode(sample.subarray(bomLength));
  if (looksBinary(text))
    throw new NotASpreadsheetError('it does not look like a spreadsheet (it holds binary data, not text)');
  // Excel writes `sep=;` as a first line to say which separator follows.
  const hint = /^sep=(.)\r?\n/i.exec(text);
  return {
    encoding,
    bomLength,
    bom: bomLength > 0,
    delimiter: options.delimiter ?? hint?.[1] ?? detectDelimiter(text),
    fromLine: hint ? 2 : 1,
  };
}

async function* decoded(path: string, start: number, encoding: FileEncoding): AsyncGenerator<string> {
  const decoder = decoderFor(encoding);
  for await (const chunk of createReadStream(path, { start, highWaterMark: 256 * 1024 })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

export type CsvFormat = SheetFormat & {
  readonly bomLength: number;
  readonly delimiter: string;
  readonly encoding: FileEncoding;
  /** 2 when the first line is Excel's `sep=` hint, not the header. */
  readonly fromLine?: number;
};

/** The rows of a CSV file, header first, each cell typed (numbers, dates, text) unless `raw` (to write the file back as it was). */
export async function* csvRows(path: string, format: CsvFormat, raw = false): AsyncGenerator<SheetItem> {
  const skipped: SheetItem[] = [];
  const parser = parse({
    delimiter: format.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    from_line: format.fromLine ?? 1,
    skip_records_with_error: true,
    max_record_size: maxRowChars,
    // Files pieced together on different systems mix Windows, Unix and old Mac line ends.
    record_delimiter: ['\r\n', '\n', '\r'],
    info: true,
    on_skip: (error) => {
      if (error) skipped.push(problemOf(error));
    },
  });
  const source = Readable.from(decoded(path, format.bomLength, format.encoding));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  const decimal = decimalMarkFor(format.delimiter);
  let header = true;
  let lastLine = 0;
  // A quote never closed is found at the end of the file; it opened on the line after the last good row.
  const drained = () =>
    skipped
      .splice(0)
      .map((item) => (item.kind === 'problem' && item.fatal ? { ...item, line: lastLine + 1 } : item));
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      yield* drained();
      // csv-parse counts the line a record ends on; a quoted cell may span several.
      const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
      lastLine = info.lines;
      const bad = record.findIndex((cell) => cell.includes('\u0000') || cell.includes('\uFFFD'));
      if (bad >= 0) {
        const what = record[bad]!.includes('\u0000')
          ? 'NUL characters (binary data)'
          : `characters that are not ${format.encoding} text (is the encoding right?)`;
        yield {
          kind: 'problem',
          line,
          column: bad,
          message: `has ${what}`,
          cells: record.map((c) => c.replaceAll('\u0000', '').replaceAll('\uFFFD', '')),
        };
        continue;
      }
      // A byte-order mark in the middle of a file is two files joined: not part of the text.
      const cells = record.map((cell) => cell.replace(/\uFEFF/g, ''));
      yield {
        kind: 'row',
        line,
        cells: header || raw ? cells : cells.map((cell): CellValue => typedValue(cell, decimal)),
      };
      header = false;
    }
  } finally {
    source.destroy();
  }
  yield* drained();
}

function problemOf(error: CsvError): SheetItem {
  const line = Number((error as unknown as { lines?: number }).lines ?? 0);
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return {
        kind: 'problem',
        line,
        message: 'has a quote (") that is never closed, so the file could not be read from here on',
        fatal: true,
      };
    case 'CSV_MAX_RECORD_SIZE':
      return {
        kind: 'problem',
        line,
        message: `is longer than ${maxRowChars.toLocaleString('en')} characters (is a quote never closed?), so the file could not be read from here on`,
        fatal: true,
      };
    default:
      return { kind: 'problem', line, message: `could not be read as CSV (${error.message})` };
  }
}
