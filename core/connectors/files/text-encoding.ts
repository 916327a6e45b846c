import { TextDecoder } from 'node:util';
import type { FileEncoding } from './folder-settings.ts';

// Text back into the bytes of a file's encoding, so a file Patchbay writes into stays in
// the encoding its other readers expect. Windows-1252 is Latin-1 but for 0x80–0x9F,
// where it has € „ … and others: the table is taken from the decoder itself.

const windows1252Extras = new Map<string, number>();
{
  const decoder = new TextDecoder('windows-1252');
  for (let byte = 0x80; byte <= 0x9f; byte++)
    windows1252Extras.set(decoder.decode(Uint8Array.of(byte)), byte);
}

function windows1252Byte(c: string): number | undefined {
  const extra = windows1252Extras.get(c);
  if (extra !== undefined) return extra;
  const code = c.charCodeAt(0);
  if (c.length === 1 && (code < 0x80 || (code >= 0xa0 && code <= 0xff))) return code;
  return undefined;
}

/** Can every character of `text` be written in the encoding? */
export function canEncode(text: string, encoding: FileEncoding): boolean {
  if (encoding !== 'windows-1252') return true;
  for (const c of text) if (windows1252Byte(c) === undefined) return false;
  return true;
}

export function encodeText(text: string, encoding: FileEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'windows-1252': {
      const out = Buffer.alloc(text.length);
      let n = 0;
      for (const c of text) out[n++] = windows1252Byte(c) ?? 0x3f;
      return out.subarray(0, n);
    }
  }
}

export const byteOrderMark: Record<FileEncoding, Buffer> = {
  'utf-8': Buffer.from([0xef, 0xbb, 0xbf]),
  'utf-16le': Buffer.from([0xff, 0xfe]),
  'utf-16be': Buffer.from([0xfe, 0xff]),
  'windows-1252': Buffer.alloc(0),
};
