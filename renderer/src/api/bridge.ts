import { earlyAnswers } from './early-answers.ts';
import { createHttpBridge } from './http-bridge.ts';

/**
 * The window's one bridge to the core: the desktop app's preload bridge when present,
 * else browser mode over HTTP; the entry (main.tsx) asks the first view's calls early.
 */
export const {
  bridge,
  ask: askEarly,
  stop: stopEarlyAnswers,
} = earlyAnswers(window.patchbay ?? createHttpBridge());
