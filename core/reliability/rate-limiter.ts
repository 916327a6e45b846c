export interface RateLimit {
  requests: number;
  perMs: number;
  concurrency: number;
}

export interface LimiterClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Keeps calls to one app under its documented limit before the app has to say 429:
 * a sliding window of start times plus a cap on calls in flight. A 429 can pause
 * every caller at once (`pauseFor`).
 */
export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #clock: LimiterClock;
  /** Start times in the window, oldest first, from #first on (a queue without shift's copying). */
  #starts: number[] = [];
  #first = 0;
  #inFlight = 0;
  #pausedUntil = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: RateLimit, clock: LimiterClock) {
    this.#limit = limit;
    this.#clock = clock;
  }

  pauseFor(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + ms);
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await operation();
    } finally {
      this.#inFlight--;
      this.#waiting.shift()?.();
    }
  }

  async #acquire(): Promise<void> {
    while (this.#inFlight >= this.#limit.concurrency) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#inFlight++;
    for (;;) {
      const now = this.#clock.now();
      if (now < this.#pausedUntil) {
        await this.#clock.sleep(this.#pausedUntil - now);
        continue;
      }
      const starts = this.#starts;
      while (this.#first < starts.length && starts[this.#first]! <= now - this.#limit.perMs) this.#first++;
      // Dropped from the front in one go once half the array is behind the window:
      // shifting one a call cost a sync at a high limit (100,000 a second) a copy per request.
      if (this.#first > 1024 && this.#first * 2 > starts.length) {
        this.#starts = starts.slice(this.#first);
        this.#first = 0;
      }
      if (this.#starts.length - this.#first < this.#limit.requests) {
        this.#starts.push(now);
        return;
      }
      await this.#clock.sleep(this.#starts[this.#first]! + this.#limit.perMs - now);
    }
  }
}
