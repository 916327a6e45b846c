import type { PatchbayBridge } from '../../../core/contract/client.ts';
import type { ApiResult } from '../../../core/contract/errors.ts';

const unavailable: ApiResult<never> = {
  ok: false,
  error: { kind: 'unavailable', message: 'Patchbay is not answering. Is it still running?' },
};

/**
 * Browser mode: `POST /api/<method>` on the host that served this page (the session
 * cookie rides along), events over Server-Sent Events. The custom header is what the
 * server requires of every call; a cross-site form cannot send it.
 */
export function createHttpBridge(): PatchbayBridge {
  let source: EventSource | undefined;
  const eventSource = () => (source ??= new EventSource('/api/events'));

  return {
    async invoke(name, input) {
      try {
        const response = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Patchbay-Request': '1' },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as ApiResult<unknown>;
      } catch {
        return unavailable;
      }
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
