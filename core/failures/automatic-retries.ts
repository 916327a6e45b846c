/**
 * Runs the failure queue's automatic retries every `everyMs` until stopped. One round
 * at a time: a slow round delays the next instead of overlapping it.
 */
export function startAutomaticRetries(options: {
  everyMs: number;
  retryDue: () => Promise<unknown>;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  onError: (error: unknown) => void;
}): { stop(): void } {
  const stopping = new AbortController();
  void (async () => {
    while (!stopping.signal.aborted) {
      await options.sleep(options.everyMs, stopping.signal);
      if (stopping.signal.aborted) return;
      await options.retryDue().catch(options.onError);
    }
  })();
  return { stop: () => stopping.abort() };
}
