// Which built file an app:// request gets: only files under the renderer folder, never
// a path that climbs out of it. Pure apart from path joining: tested in plain Node
// (app-protocol.test.ts); serve-app-protocol.ts answers the requests with it.
import { extname, join, normalize, sep } from 'node:path';
import { appOrigin, hasEncodedParentSegment } from './window-policy.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The file for an app:// URL, or undefined for anything outside the renderer folder. */
export function rendererFileFor(requestUrl: string, rendererDir: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (`${url.protocol}//${url.host}` !== appOrigin || hasEncodedParentSegment(url.pathname)) return undefined;
  const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  if (relative.includes('\0')) return undefined;
  const file = normalize(join(rendererDir, relative));
  return file.startsWith(normalize(rendererDir) + sep) ? file : undefined;
}

/** The Content-Type of a built file; unknown kinds are served as bytes (never sniffed). */
export function contentTypeOf(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
