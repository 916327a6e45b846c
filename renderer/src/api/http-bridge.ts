import type { PatchbayBridge } from '../../../core/contract/client.ts';
import type { ApiResult } from '../../../core/contract/errors.ts';

const notAnswering: ApiResult<never> = {
  ok: false,
  error: { kind: 'unavailable', message: 'Patchbay is not answering. Is it still running?' },
};

// The server answers 401 in plain text when the session cookie is missing or belongs to
// an earlier run of `patchbay serve` (each run prints a new link).
const signedOut: ApiResult<never> = {
  ok: false,
  error: {
    kind: 'unavailable',
    message:
      'This browser is not signed in to Patchbay. Open the link printed when Patchbay started (it ends in ?token=…).',
  },
};

const isApiResult = (body: unknown): body is ApiResult<unknown> =>
  typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean';

/**
 * Browser mode: `POST /api/<method>` on the host that served this page (the session
 * cookie rides along), events over Server-Sent Events. The custom header is what the
 * server requires of every call; a cross-site form cannot send it. The body is always
 * an `ApiResult`, whatever the HTTP status.
 */
export function createHttpBridge(): PatchbayBridge {
  let source: EventSource | undefined;
  const eventSource = () => (source ??= new EventSource('/api/events'));

  return {
    async invoke(name, input) {
      let response: Response;
      try {
        response = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Patchbay-Request': '1' },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return notAnswering;
      }
      if (response.status === 401) return signedOut;
      try {
        const body: unknown = await response.json();
        return isApiResult(body) ? body : notAnswering;
      } catch {
        return notAnswering;
      }
    },
    onConnected(listener) {
      const handler = () => listener();
      eventSource().addEventListener('open', handler);
      return () => eventSource().removeEventListener('open', handler);
    },
    on(name, listener) {
      const handler = (event: MessageEvent<string>) => {
        try {
          listener(JSON.parse(event.data));
        } catch {
          // A garbled event is dropped; the next query refetch shows the truth.
        }
      };
      eventSource().addEventListener(name, handler);
      return () => eventSource().removeEventListener(name, handler);
    },
  };
}
