import { retryAfter } from '../../reliability/classify-http-error.ts';
import { SyncError } from '../../reliability/error-classes.ts';

// A daily request budget (manifest `rateLimit.dailyBudget`, Xero's 5,000 a day). When
// the app says it is spent — a 429 naming the daily limit, or a remaining count of 0 —
// nothing more is sent until it resets: the error carries `pausedUntil`, which is
// neither retried in place nor a record's fault, so the run stops at its last committed
// page and the app's flows pause until then (app-circuits-service.ts). Pure.

export interface DailyBudget {
  readonly remainingHeader?: string | undefined;
  readonly problemHeader?: string | undefined;
  readonly problemValue: string;
  readonly resetAfterMs: number;
}

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** Tracks one connector's view of its app's daily budget. */
export function createDailyBudget(spec: DailyBudget | undefined, appName: string, now: () => Date) {
  let spentUntil: Date | undefined;

  const spent = (until: Date, status?: number) =>
    new SyncError('rate_limit', appName, {
      ...(status === undefined ? { neverSent: true } : { status }),
      pausedUntil: until,
      summary: `${appName}'s daily limit of requests is used up.`,
    });

  return {
    /** Throws before a request is sent when the budget is known to be spent. */
    beforeSending(): void {
      if (spentUntil !== undefined && now() < spentUntil) throw spent(spentUntil);
    },

    /**
     * Reads an answer: a 429 for the daily limit throws (with the time it resets, from
     * Retry-After); a remaining count of 0 lets this answer through and stops the next request.
     */
    afterAnswer(answer: Answer): void {
      if (!spec) return;
      const at = now();
      const problem = spec.problemHeader && answer.headers[spec.problemHeader.toLowerCase()];
      if (answer.status === 429 && problem?.trim().toLowerCase() === spec.problemValue.toLowerCase()) {
        const wait = retryAfter(answer.headers, at) ?? spec.resetAfterMs;
        spentUntil = new Date(at.getTime() + wait);
        throw spent(spentUntil, answer.status);
      }
      const remaining = spec.remainingHeader && answer.headers[spec.remainingHeader.toLowerCase()];
      if (remaining !== undefined && remaining !== '' && Number(remaining) <= 0)
        spentUntil ??= new Date(at.getTime() + spec.resetAfterMs);
    },
  };
}
