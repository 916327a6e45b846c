/** One HTTP exchange, as plain data, so the connector interpreter stays pure. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
}

/** Sends a request; network failures reject with the runtime's error (classified by the caller). */
export type HttpSend = (request: HttpRequest, signal?: AbortSignal) => Promise<HttpResponse>;
