import type { PatchbayBridge } from '../../../core/contract/client.ts';
import type { ApiResult } from '../../../core/contract/errors.ts';
import type { MethodName } from '../../../core/contract/method-names.ts';

/** A call the window's first view will make, asked before the code that makes it has loaded. */
export interface EarlyCall {
  readonly name: MethodName;
  readonly input?: object;
}

export interface EarlyAnswers {
  /** The transport, except that a call asked early gets that answer, once. */
  readonly bridge: PatchbayBridge;
  /**
   * Sends the calls now, before the code that makes them has loaded (issue 17: the
   * app's code took ~100–300 ms to arrive and start before the view asked for anything).
   */
  ask(calls: readonly EarlyCall[]): void;
  /**
   * Drops every answer nobody took, and asks nothing early from now on: a later call,
   * say a refresh after a retry, must get a new answer, never one from when the window opened.
   */
  stop(): void;
}

// The client sends `input ?? {}` (core/contract/client.ts): the same call, the same key.
const keyOf = (name: MethodName, input: unknown) => `${name} ${JSON.stringify(input ?? {})}`;

export function earlyAnswers(transport: PatchbayBridge): EarlyAnswers {
  const early = new Map<string, Promise<ApiResult<unknown>>>();
  let asking = true;
  return {
    bridge: {
      invoke(name, input) {
        const key = keyOf(name, input);
        const answer = early.get(key);
        if (!answer) return transport.invoke(name, input);
        early.delete(key);
        return answer;
      },
      on: (name, listener) => transport.on(name, listener),
      ...(transport.onConnected && { onConnected: (listener) => transport.onConnected!(listener) }),
      ...(transport.choosePath && { choosePath: transport.choosePath }),
    },
    ask(calls) {
      if (!asking) return;
      for (const { name, input } of calls) early.set(keyOf(name, input), transport.invoke(name, input ?? {}));
    },
    stop() {
      asking = false;
      early.clear();
    },
  };
}
