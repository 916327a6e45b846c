import type { HttpRequest, HttpResponse, HttpSend } from './http-port.ts';

/** The `HttpSend` port on the runtime's fetch, with a per-request timeout. */
export function createFetchHttpClient(options: { timeoutMs?: number } = {}): HttpSend {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return async (request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: 'error',
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: response.status, headers, bodyText: await response.text() };
  };
}
