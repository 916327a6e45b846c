// An app that counts its own limit in response headers (remaining / reset: Pipedrive,
// HubSpot, Zendesk) is waited for when the count runs out, before it has to refuse a
// request, so a spent window or daily budget pauses the app's requests until it resets
// instead of spending retries on 429s. Pure.

export interface RateLimitHeaders {
  readonly remaining: string;
  readonly reset: string;
  readonly resetIn: 'seconds' | 'unix_seconds';
  readonly pauseAtOrBelow: number;
}

/** How long to hold the app's requests, from one answer's headers; undefined while some are left. */
export function waitFromHeaders(
  spec: RateLimitHeaders | undefined,
  headers: Readonly<Record<string, string>>,
  // Or a clock, read only when the headers ask for a pause: this runs for every answer.
  now: Date | (() => Date),
): number | undefined {
  if (!spec) return undefined;
  const remainingText = headers[spec.remaining.toLowerCase()];
  const resetText = headers[spec.reset.toLowerCase()];
  if (remainingText === undefined || resetText === undefined) return undefined;
  const remaining = Number(remainingText);
  const reset = Number(resetText);
  if (!Number.isFinite(remaining) || remaining > spec.pauseAtOrBelow || !Number.isFinite(reset))
    return undefined;
  const ms =
    spec.resetIn === 'seconds'
      ? reset * 1000
      : reset * 1000 - (typeof now === 'function' ? now() : now).getTime();
  return Math.max(0, Math.ceil(ms));
}
