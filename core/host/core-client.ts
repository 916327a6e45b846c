import { createClient, type PatchbayClient } from '../contract/client.ts';
import type { Core } from './core.ts';

/**
 * The typed client over a core in this process, as the renderer has over IPC or HTTP:
 * `call` answers the value or throws the typed `ApiError` (its message in plain words).
 */
export function clientFor(core: Pick<Core, 'invoke' | 'onEvent'>): PatchbayClient {
  return createClient({
    invoke: (name, input) => core.invoke(name, input),
    on: (name, listener) =>
      core.onEvent((event) => {
        if (event.name === name) listener(event.payload);
      }),
  });
}
