import { decodedOrUndefined } from '../contract/percent-decoding.ts';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The header every state-changing call must carry: a cross-site form cannot send it. */
export const requestHeaderName = 'x-patchbay-request';

export type GuardVerdict = { ok: true } | { ok: false; status: number; reason: string };

/**
 * DNS-rebinding defence: a page on an attacker's domain that resolves to 127.0.0.1
 * still sends its own Host, so only our loopback authority is accepted.
 */
export function isOwnHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodedOrUndefined(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Host and Origin checks that apply to every request, before authentication. */
export function checkOrigin(headers: IncomingHttpHeaders, port: number): GuardVerdict {
  if (!isOwnHost(headers.host, port)) {
    return {
      ok: false,
      status: 421,
      reason: 'This Patchbay server only answers requests addressed to 127.0.0.1.',
    };
  }
  const origin = headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, port)) {
    return { ok: false, status: 403, reason: 'Requests from other websites are refused.' };
  }
  return { ok: true };
}
