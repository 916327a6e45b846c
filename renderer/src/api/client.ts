import { createClient } from '../../../core/contract/client.ts';
import { bridge } from './bridge.ts';

/** The typed client every query and mutation calls, over the window's one bridge. */
export const api = createClient(bridge);
