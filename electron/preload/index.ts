// The whole preload (docs/conventions.md#the-preload): `window.patchbay` with invoke and on, nothing
// else. Sandboxed, so it is bundled to CommonJS and may require only 'electron'.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PatchbayBridge } from '../../core/contract/client.ts';
import type { ApiResult } from '../../core/contract/errors.ts';
import { choosePathChannel, isEventName, isMethodName } from '../../core/contract/method-names.ts';

const failure = (kind: 'not_found' | 'unavailable', message: string): ApiResult<never> => ({
  ok: false,
  error: { kind, message },
});

const bridge: PatchbayBridge = {
  async invoke(name, input) {
    if (!isMethodName(name)) return failure('not_found', `There is no API method called "${String(name)}".`);
    try {
      return (await ipcRenderer.invoke(`patchbay:${name}`, input)) as ApiResult<unknown>;
    } catch {
      // Only when IPC itself fails (e.g. the input cannot be copied); the main side never throws.
      return failure('unavailable', 'Patchbay could not pass this request to its engine.');
    }
  },
  on(name, listener) {
    if (!isEventName(name)) throw new TypeError(`There is no API event called "${String(name)}".`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    // The IPC event object (with its sender) never reaches the page: only the payload.
    const forward = (_event: IpcRendererEvent, message: { name?: unknown; payload?: unknown }) => {
      if (message?.name === name) listener(message.payload);
    };
    ipcRenderer.on('patchbay:event', forward);
    return () => {
      ipcRenderer.removeListener('patchbay:event', forward);
    };
  },
  // The main process checks the request (core/contract/desktop.ts) and the sender.
  async choosePath(input) {
    try {
      return (await ipcRenderer.invoke(choosePathChannel, input)) as Awaited<
        ReturnType<NonNullable<PatchbayBridge['choosePath']>>
      >;
    } catch {
      return failure('unavailable', 'Patchbay could not open the file dialog.');
    }
  },
};

contextBridge.exposeInMainWorld('patchbay', bridge);
