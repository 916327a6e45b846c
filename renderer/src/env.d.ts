import type { PatchbayBridge } from '../../core/contract/client.ts';

declare global {
  interface Window {
    /** Present in the desktop app: the preload's bridge to the core. */
    patchbay?: PatchbayBridge;
  }
}
