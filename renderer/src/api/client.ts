import { createClient } from '../../../core/contract/client.ts';
import { createHttpBridge } from './http-bridge.ts';

/** The desktop app's preload bridge when present, else browser mode over HTTP. */
export const api = createClient(window.patchbay ?? createHttpBridge());
