import { SyncError, type SyncErrorClass } from './error-classes.ts';

const maxDetail = 300;

/**
 * Turns a non-2xx answer into a SyncError, reading the app's own message from the
 * error shapes real APIs use: HubSpot `{status, category, message}`, Stripe
 * `{error: {type, code, message, param}}`, RFC 7807 problem details
 * (`{title, detail, errors}`), QuickBooks `{Fault: {Error: [{Message, Detail}]}}`,
 * Xero `{Message, Elements[].ValidationErrors}`, or plain text.
 */
export function classifyHttpResponse(response: {
  appName: string;
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  now: Date;
}): SyncError {
  const { appName, status, headers } = response;
  if (status >= 300 && status < 400) return unfollowedRedirect(appName, status, headers.location);
  const body = parseJson(response.bodyText);
  const detail = appMessage(body, response.bodyText);
  const codes = errorCodes(body, response.bodyText);
  let errorClass: SyncErrorClass;
  if (status === 429 || /\brate_limits?\b/.test(codes)) errorClass = 'rate_limit';
  else if (status === 401 || status === 403) errorClass = 'auth';
  else if (status === 404 || status === 410) errorClass = 'not_found';
  else if (status === 409) errorClass = 'conflict';
  else if (status === 408) errorClass = 'network';
  else if (status >= 500) errorClass = 'server';
  else if (status >= 400) errorClass = codes.includes('idempotency') ? 'conflict' : 'validation';
  else errorClass = 'server';
  const retryAfterMs =
    errorClass === 'rate_limit' || errorClass === 'server' ? retryAfter(headers, response.now) : undefined;
  return new SyncError(errorClass, appName, {
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(detail ? { detail } : {}),
  });
}

/**
 * A 3xx the HTTP client did not follow (another origin, or the answer to a write:
 * core/connectors/http/README.md). Not the app failing, and not worth retrying: the
 * app's address is out of date or it wants a sign-in elsewhere. Its body (often a
 * "Moved" page) is not quoted; where it points is.
 */
function unfollowedRedirect(appName: string, status: number, location: string | undefined): SyncError {
  const where = location ? ` to ${redirectHost(location)}` : '';
  return new SyncError('redirected', appName, {
    status,
    summary: `${appName} answered with a redirect${where} (HTTP ${status}) instead of answering. Patchbay does not follow it, so the saved sign-in never goes to another address and nothing is sent twice.`,
  });
}

function redirectHost(location: string): string {
  if (!URL.canParse(location)) return `another page on its own site (${location.slice(0, 100)})`;
  return new URL(location).host || location.slice(0, 100);
}

/** A 2xx whose body is not the data it should be: treated as a passing server fault. */
export function classifyMalformedBody(appName: string): SyncError {
  return new SyncError('server', appName, {
    detail: 'The answer was not valid data (it may have been cut off).',
  });
}

const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

// Failures while connecting: the request was never sent, so even a create can be sent again.
const beforeSendingCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Errors thrown before any answer arrived: Patchbay's HTTP client's HttpExchangeError
 * (core/connectors/http/http-port.ts), which knows whether a connection was made;
 * fetch's "fetch failed" with a cause; timeouts.
 */
export function classifyNetworkError(error: unknown, appName: string): SyncError | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // Both wrap the socket's own error: read on to its code (refused or reset).
  let transport: { neverSent?: boolean } | undefined;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && (transport || networkCodes.has(code)))
      return new SyncError('network', appName, {
        detail: code,
        neverSent: transport?.neverSent ?? beforeSendingCodes.has(code),
      });
    if (name === 'ProxyRefusedError') return proxyRefusal(current as ProxyRefusal, appName);
    if (name === 'TimeoutError' || name === 'AbortError')
      return new SyncError('network', appName, { detail: 'timed out' });
    if (name === 'HttpExchangeError')
      transport = { neverSent: (current as { neverSent?: unknown }).neverSent === true };
    else if (name === 'TypeError' && message === 'fetch failed') transport ??= {};
    current = (current as { cause?: unknown }).cause;
  }
  return transport
    ? new SyncError('network', appName, { neverSent: transport.neverSent ?? false })
    : undefined;
}

/** The HTTP client's ProxyRefusedError (core/connectors/http/http-port.ts), read by its shape. */
interface ProxyRefusal {
  readonly message: string;
  readonly status: number;
}

/**
 * The proxy answered instead of the app, so nothing reached the app. A 407 waits for
 * someone to give the proxy its sign-in; a 5xx (it could not reach the app) passes.
 */
function proxyRefusal(refusal: ProxyRefusal, appName: string): SyncError {
  const errorClass = refusal.status === 407 ? 'proxy_auth' : 'network';
  return new SyncError(errorClass, appName, { summary: refusal.message, neverSent: true });
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; HubSpot-style interval headers as a fallback. */
export function retryAfter(headers: Record<string, string>, now: Date): number | undefined {
  const value = headers['retry-after'];
  if (value !== undefined) {
    // Delay-seconds; Shopify writes them with a decimal (`2.0`), which is no date.
    if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - now.getTime());
  }
  const interval = headers['x-hubspot-ratelimit-interval-milliseconds'];
  if (interval !== undefined && /^\d+$/.test(interval) && headers['x-hubspot-ratelimit-remaining'] === '0') {
    return Number(interval);
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The app's machine-readable error codes (HubSpot `category`/`errorType`, Stripe
 * `error.type`/`error.code`), lower-cased; the raw text when the body is not JSON.
 * Only codes are read, so a message echoing the record's own data (an email such as
 * rate_limit@acme.com) cannot change how the error is treated.
 */
function errorCodes(body: unknown, text: string): string {
  if (!body || typeof body !== 'object') return text.toLowerCase();
  const b = body as Record<string, unknown>;
  const inner = (b.error && typeof b.error === 'object' ? b.error : {}) as Record<string, unknown>;
  return [b.category, b.errorType, b.code, b.type, b.error, inner.type, inner.code]
    .filter((v): v is string => typeof v === 'string')
    .join(' ')
    .toLowerCase();
}

/**
 * Rails-style errors (Shopify REST): `"errors": "Not Found"`, or by field,
 * `{"errors": {"email": ["is invalid"]}}`, read as `email is invalid`.
 */
function railsErrors(errors: unknown): string | undefined {
  if (typeof errors === 'string') return errors;
  if (!errors || typeof errors !== 'object' || Array.isArray(errors)) return undefined;
  const parts = Object.entries(errors).flatMap(([field, messages]) =>
    (Array.isArray(messages) ? messages : [messages])
      .filter((m): m is string => typeof m === 'string')
      .map((m) => (field === 'base' ? m : `${field} ${m}`)),
  );
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/**
 * Zendesk's 422 (`{"error":"RecordInvalid","details":{"email":[{"description":"Email: … is not
 * properly formatted"}]}}`): the descriptions say what is wrong, the error code does not.
 * `details.<field>` comes as a list or as one object.
 */
function detailDescriptions(details: unknown): string | undefined {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return undefined;
  const parts = Object.values(details)
    .flatMap((entry) => (Array.isArray(entry) ? entry : [entry]))
    .map((entry) => (entry as { description?: unknown } | null)?.description)
    .filter((d): d is string => typeof d === 'string' && d.trim() !== '');
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function appMessage(body: unknown, text: string): string | undefined {
  const pick = (): unknown => {
    if (!body || typeof body !== 'object') return text.trim() || undefined;
    const b = body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking foreign error shapes
    if (b.error && typeof b.error === 'object') return b.error.message ?? b.error.code;
    if (typeof b.error === 'string') return b.error_description ?? detailDescriptions(b.details) ?? b.error;
    if (b.Fault?.Error?.[0])
      return [b.Fault.Error[0].Message, b.Fault.Error[0].Detail].filter(Boolean).join(': ');
    if (Array.isArray(b.Elements) && b.Elements[0]?.ValidationErrors?.[0])
      return b.Elements[0].ValidationErrors[0].Message;
    if (b.detail || b.title) return [b.title, b.detail].filter(Boolean).join(': ');
    if (b.message ?? b.Message) return b.message ?? b.Message;
    return railsErrors(b.errors);
  };
  const message = pick();
  if (typeof message !== 'string' || message.trim() === '') return undefined;
  const clean = message.replace(/\s+/g, ' ').trim();
  return clean.length > maxDetail ? `${clean.slice(0, maxDetail - 1)}…` : clean;
}
