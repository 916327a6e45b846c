import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { decodedOrUndefined } from '../contract/percent-decoding.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * A file of the built renderer, or index.html for any path without an extension
 * (the renderer routes itself). Paths that climb out of the folder are refused.
 */
export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | undefined> {
  const decoded = decodedOrUndefined(urlPath);
  if (decoded === undefined) return undefined;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const file = join(rootDir, relative);
  if (file !== rootDir && !file.startsWith(rootDir + sep)) return undefined;
  const target = extname(relative) === '' ? join(rootDir, 'index.html') : file;
  try {
    if (!(await stat(target)).isFile()) return undefined;
    return {
      body: await readFile(target),
      contentType: contentTypes[extname(target)] ?? 'application/octet-stream',
    };
  } catch {
    return undefined;
  }
}
