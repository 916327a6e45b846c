/**
 * The closed set of ways a sync can fail (docs/conventions.md#errors), each with words an
 * office manager understands, the action to take, and how the engine treats it.
 */
import type { FailureExplanation, SyncErrorClass } from '../contract/sync-errors.ts';

export { syncErrorClasses, type SyncErrorClass } from '../contract/sync-errors.ts';

interface ClassPolicy {
  /** The kind of problem as a heading, naming no app (failures are grouped by it). */
  title: string;
  /** The usual next step for a failure of this class. */
  nextStep: string;
  /** Worth trying again later without anyone changing anything. */
  retryable: boolean;
  /** About one record (goes to the failure queue) rather than the whole app (stops the run). */
  recordLevel: boolean;
  explain: (app: string) => string;
  action: (app: string) => string;
}

export const errorClassPolicies: Record<SyncErrorClass, ClassPolicy> = {
  auth: {
    title: 'The app refused the saved sign-in',
    nextStep: 'Reconnect the app from its page under Apps, then retry.',
    retryable: false,
    recordLevel: false,
    explain: (app) => `${app} refused the saved sign-in (it may have expired or been revoked).`,
    action: (app) => `Reconnect ${app}: Apps → ${app} → Credentials.`,
  },
  validation: {
    title: 'The target app rejected the data',
    nextStep: 'Correct the record where it comes from (or change the mapping), then retry it.',
    retryable: false,
    recordLevel: true,
    explain: (app) => `${app} rejected this record because some of its data is not valid there.`,
    action: (app) =>
      `Fix the record in the source app (or the flow's mapping), then retry. ${app}'s own message says what is wrong.`,
  },
  rate_limit: {
    title: 'The app asked Patchbay to slow down',
    nextStep: 'Nothing to do: Patchbay tries again by itself.',
    retryable: true,
    recordLevel: true,
    explain: (app) => `${app} asked Patchbay to slow down (too many requests).`,
    action: () => 'Nothing to do: Patchbay waits and tries again by itself.',
  },
  network: {
    title: 'Patchbay could not reach the app',
    nextStep: 'Check the internet connection; Patchbay tries again by itself.',
    retryable: true,
    recordLevel: false,
    explain: (app) => `Patchbay could not reach ${app} (no connection, or it stopped answering).`,
    action: (app) =>
      `Check this PC's internet connection. Patchbay retries, and resumes ${app}'s flows once it answers.`,
  },
  server: {
    title: 'The app had a problem on its side',
    nextStep: 'Nothing to do for now: Patchbay tries again by itself.',
    retryable: true,
    recordLevel: false,
    explain: (app) => `${app} had a problem on its side and could not answer properly.`,
    action: (app) => `Nothing to do for now: Patchbay retries. If it lasts, check ${app}'s status page.`,
  },
  conflict: {
    title: 'The target app already has a clashing record',
    nextStep: 'Merge or remove the duplicate in the target app, then retry it.',
    retryable: false,
    recordLevel: true,
    explain: (app) => `${app} already has a record that clashes with this one (for example the same email).`,
    action: (app) => `Merge or remove the duplicate in ${app}, then retry.`,
  },
  mapping: {
    title: "The record did not fit the flow's mapping",
    nextStep: "Fill in what is missing in the source app or adjust the flow's mapping, then retry it.",
    retryable: false,
    recordLevel: true,
    explain: () => 'The flow could not turn this record into what the target app expects.',
    action: () => "Fix the record in the source app or change the flow's mapping, then retry.",
  },
  not_found: {
    title: 'The record no longer exists',
    nextStep: 'If it was deleted on purpose, resolve or ignore it.',
    retryable: false,
    recordLevel: true,
    explain: (app) => `${app} does not have the record Patchbay looked for (it may have been deleted).`,
    action: () => 'If the record was deleted on purpose, resolve or ignore this failure.',
  },
  // Never retried by itself: sending the record again could make a duplicate.
  unconfirmed: {
    title: 'The app may or may not have saved the record',
    nextStep: 'Look for the record in the target app: if it is there, resolve this; if not, retry it.',
    retryable: false,
    recordLevel: true,
    explain: (app) => `${app} may or may not have created this record: its answer was lost on the way back.`,
    action: (app) => `Check ${app} for the record: if it is there, resolve this failure; if not, retry it.`,
  },
  // Retrying cannot help until someone gives the proxy its sign-in: the run stops, no circuit probes it.
  proxy_auth: {
    title: "The office's proxy asks for a sign-in",
    nextStep:
      "Put the proxy's user name and password in the HTTPS_PROXY setting (http://name:password@proxy:port), then restart Patchbay.",
    retryable: false,
    recordLevel: false,
    explain: (app) => `The office's proxy asks for a sign-in before it lets Patchbay through to ${app}.`,
    action: () =>
      "Ask whoever runs the office network for the proxy's user name and password, put them in the HTTPS_PROXY setting (http://name:password@proxy:port), then restart Patchbay.",
  },
  // Not followed so that credentials never leave the app's origin and a write is never sent twice.
  redirected: {
    title: 'The app sent Patchbay to another address',
    nextStep: "Check the app's address in its connection settings; if the app has moved, update it there.",
    retryable: false,
    recordLevel: false,
    explain: (app) => `${app} answered with a redirect to another address instead of answering.`,
    action: (app) =>
      `Check ${app}'s address in its connection settings (Apps → ${app}); if ${app} has moved, update it there.`,
  },
  internal: {
    title: 'Something went wrong inside Patchbay',
    nextStep: 'Retry it. If it fails again, the log has the details for support.',
    retryable: false,
    recordLevel: false,
    explain: () => 'Something went wrong inside Patchbay.',
    action: () => 'Try again. If it happens again, the log has the details for support.',
  },
};

/** A classified sync failure: raw library and HTTP errors never go further than this. */
export class SyncError extends Error {
  readonly errorClass: SyncErrorClass;
  readonly appName: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** The app's own words, already free of secrets. */
  readonly detail: string | undefined;
  /** Patchbay's own words in place of the class's usual ones (kept when the detail is replaced). */
  readonly summary: string | undefined;
  /** The request surely never reached the app (the connection was refused, the name did not resolve). */
  readonly neverSent: boolean;
  /**
   * The app's budget for the day is used up until then (Xero's `X-Rate-Limit-Problem: day`):
   * not worth retrying before it, nor a fault of any record, so the run stops and the
   * app's flows pause until that time.
   */
  readonly pausedUntil: Date | undefined;

  constructor(
    errorClass: SyncErrorClass,
    appName: string,
    options: {
      status?: number;
      retryAfterMs?: number;
      detail?: string;
      summary?: string;
      neverSent?: boolean;
      pausedUntil?: Date;
    } = {},
  ) {
    const policy = errorClassPolicies[errorClass];
    const detail = options.detail ? ` ${appName} said: "${options.detail}"` : '';
    // `summary` replaces the class's usual words when Patchbay knows better (no credential saved at all).
    super(`${options.summary ?? policy.explain(appName)}${detail}`);
    this.name = 'SyncError';
    this.errorClass = errorClass;
    this.appName = appName;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.detail = options.detail;
    this.summary = options.summary;
    this.neverSent = options.neverSent ?? false;
    this.pausedUntil = options.pausedUntil;
  }

  get retryable(): boolean {
    return this.pausedUntil === undefined && errorClassPolicies[this.errorClass].retryable;
  }

  get recordLevel(): boolean {
    return this.pausedUntil === undefined && errorClassPolicies[this.errorClass].recordLevel;
  }

  get action(): string {
    return errorClassPolicies[this.errorClass].action(this.appName);
  }

  toJSON() {
    return {
      errorClass: this.errorClass,
      appName: this.appName,
      message: this.message,
      action: this.action,
      ...(this.status === undefined ? {} : { status: this.status }),
    };
  }
}

/** A failure's class in words, as every failure carries it over the API. */
export function failureExplanation(errorClass: SyncErrorClass): FailureExplanation {
  const policy = errorClassPolicies[errorClass];
  return { title: policy.title, action: policy.nextStep };
}
