import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';

const decoders: Record<string, (body: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/**
 * The answer's body as text, read once into one buffer and decoded once: chunks are
 * kept, not concatenated string by string, and the zlib work runs off the main thread.
 * An answer cut off before its end rejects (the socket's ECONNRESET), so a truncated
 * body is never taken for a whole one.
 */
export function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
    });
    response.on('error', reject);
    response.once('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
      const decode = decoders[(response.headers['content-encoding'] ?? '').trim().toLowerCase()];
      (decode ? decode(body) : Promise.resolve(body)).then((bytes) => resolve(utf8(bytes)), reject);
    });
  });
}

/** UTF-8 without a leading byte-order mark, as fetch's `text()` decodes it. */
function utf8(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
