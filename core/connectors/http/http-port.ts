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
