import { TextDecoder } from 'node:util';
import type { FileEncoding } from './folder-settings.ts';

// How a CSV file is written, found from its first bytes: the encoding (a byte-order
// mark says it outright; else UTF-8 if the bytes are valid UTF-8, else the Windows
// Western code page Excel saves "CSV" in) and the column separator (the one that splits
// the first lines into the same number of columns).

export interface DetectedFormat {
  readonly encoding: FileEncoding;
  /** Bytes of byte-order mark to skip before decoding. */
  readonly bomLength: number;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

/** The file's encoding from its first bytes (`sample`), unless the app's settings say it. */
export function detectEncoding(sample: Uint8Array, chosen: FileEncoding | undefined): DetectedFormat {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return { encoding: chosen ?? 'utf-8', bomLength: 3 };
  if (startsWith(sample, [0xff, 0xfe])) return { encoding: chosen ?? 'utf-16le', bomLength: 2 };
  if (startsWith(sample, [0xfe, 0xff])) return { encoding: chosen ?? 'utf-16be', bomLength: 2 };
  if (chosen) return { encoding: chosen, bomLength: 0 };
  const utf16 = utf16WithoutMark(sample);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  return { encoding: isValidUtf8(sample) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** Text in UTF-16 without a mark still shows itself: every other byte of plain letters is zero. */
function utf16WithoutMark(sample: Uint8Array): FileEncoding | undefined {
  const pairs = Math.min(sample.length >> 1, 512);
  if (pairs < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZero++;
    if (sample[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero > pairs * 0.7 && evenZero < pairs * 0.1) return 'utf-16le';
  if (evenZero > pairs * 0.7 && oddZero < pairs * 0.1) return 'utf-16be';
  return undefined;
}

function isValidUtf8(sample: Uint8Array): boolean {
  // The sample may end inside a character: drop up to 3 trailing bytes of an unfinished one.
  let end = sample.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = sample[end - back]!;
    if (byte >= 0xc0) {
      end -= back;
      break;
    }
    if (byte < 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Binary data rather than text: many control characters that no spreadsheet export writes. */
export function looksBinary(text: string): boolean {
  if (text.length === 0) return false;
  let control = 0;
  for (const c of text.slice(0, 8192)) {
    const code = c.charCodeAt(0);
    if ((code < 32 && c !== '\n' && c !== '\r' && c !== '\t') || c === '\uFFFD') control++;
  }
  return control > Math.max(8, Math.min(text.length, 8192) * 0.05);
}

const candidates = [',', ';', '\t'] as const;
export type Delimiter = (typeof candidates)[number];

/**
 * The separator that cuts the first lines into the same number of columns, the most
 * columns winning a tie. Quoted text is skipped so "Smith, John" counts no comma.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = firstLines(text, 20);
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of candidates) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const agreeing = counts.filter((n) => n === header).length;
    const score = agreeing * 1000 + header;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

function firstLines(text: string, max: number): string[] {
  const lines = text.split(/\r\n|\n|\r/, max + 1);
  // The last piece of a sample may be cut mid-line.
  if (lines.length > max) lines.pop();
  return lines.filter((line) => line.trim() !== '');
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let count = 0;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) count++;
  }
  return count;
}

/** A decoder for the encoding: UTF-8 and UTF-16 built in, Windows-1252 from Node's ICU. */
export function decoderFor(encoding: FileEncoding): TextDecoder {
  // The mark was already skipped: a U+FEFF left in the text is one in the middle of the file.
  return new TextDecoder(encoding, { ignoreBOM: true });
}
