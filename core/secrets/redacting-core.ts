import type { Core } from '../host/core.ts';
import type { KnownSecrets } from './known-secrets.ts';

/**
 * The core as every transport sees it, with known secret values masked in answers
 * (error messages, run logs, exports) and in pushed events. An app may quote a key
 * back in an error, and a key typed into the wrong field would otherwise travel on.
 */
export function redactingCore(core: Core, known: KnownSecrets): Core {
  return {
    ...core,
    invoke: async (name, input) => known.maskDeep(await core.invoke(name, input)),
    onEvent: (listener) => core.onEvent((event) => listener(known.maskDeep(event))),
    // Methods that use `this` keep working on the wrapped core.
    shutdown: () => core.shutdown(),
    close: () => core.close(),
    startScheduler: () => core.startScheduler(),
  };
}
