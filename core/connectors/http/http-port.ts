/** One HTTP exchange, as plain data, so the connector interpreter stays pure. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * How many requests the sender may have in flight to this origin (its app's rate limit
   * concurrency), so a pooled client keeps as many connections open. A hint: the rate
   * limiter, not the client, bounds what is in flight.
   */
  connections?: number;
}

export interface HttpResponse {
  status: number;
  /** Names lower-cased; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  bodyText: string;
}

/**
 * Sends a request; answers whatever status came back (a redirect the client would not
 * follow included). Rejects when no answer arrived: with the signal's reason when
 * aborted, a `TimeoutError` when it took too long, else the runtime's error, which
 * core/reliability/classify-http-error.ts classifies.
 */
export type HttpSend = (request: HttpRequest, signal?: AbortSignal) => Promise<HttpResponse>;

/**
 * The connection failed before an answer came, with the socket's own error as `cause`.
 * `neverSent` is true when no connection was ever made, so the app cannot have acted
 * on the request and even a create may be sent again.
 */
export class HttpExchangeError extends Error {
  override readonly name = 'HttpExchangeError';
  readonly neverSent: boolean;

  constructor(message: string, options: { cause: unknown; neverSent: boolean }) {
    super(message, { cause: options.cause });
    this.neverSent = options.neverSent;
  }
}

/**
 * The office's proxy answered instead of the app: it would not open a tunnel (CONNECT)
 * or, for an http address, answered 407 itself. Nothing reached the app. The message
 * names the proxy and says why in plain words; core/reliability/classify-http-error.ts
 * classes a 407 as needing the proxy's sign-in and any other answer as passing.
 */
export class ProxyRefusedError extends Error {
  override readonly name = 'ProxyRefusedError';
  readonly status: number;

  constructor(proxy: URL, target: string, status: number) {
    super(proxyRefusalInWords(`${proxy.hostname}:${proxy.port || 80}`, target, status));
    this.status = status;
  }
}

function proxyRefusalInWords(proxy: string, target: string, status: number): string {
  if (status === 407)
    return `The proxy at ${proxy} asks for a sign-in (407) before it lets Patchbay through to ${target}: its user name and password are missing or wrong.`;
  if (status === 502 || status === 503 || status === 504)
    return `The proxy at ${proxy} could not reach ${target} (it answered ${status}).`;
  return `The proxy at ${proxy} would not let Patchbay through to ${target} (it answered ${status}).`;
}
