export interface RepeatOptions {
  everyMs: number;
  round: () => Promise<unknown>;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  onError: (error: unknown) => void;
}

/**
 * Runs `round` every `everyMs` until stopped: the loop under Patchbay's background jobs
 * (automatic retries, history pruning). One round at a time: a slow round delays the
 * next instead of overlapping it, and a failed round is reported, not fatal.
 */
export function repeatEvery(options: RepeatOptions): { stop(): void } {
  const stopping = new AbortController();
  void (async () => {
    while (!stopping.signal.aborted) {
      await options.sleep(options.everyMs, stopping.signal);
      if (stopping.signal.aborted) return;
      await options.round().catch(options.onError);
    }
  })();
  return { stop: () => stopping.abort() };
}
