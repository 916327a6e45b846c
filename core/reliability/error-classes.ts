/**
 * The closed set of ways a sync can fail (docs/conventions.md#errors), each with words an
 * office manager understands, the action to take, and how the engine treats it.
 */
export const syncErrorClasses = [
  'auth',
  'validation',
  'rate_limit',
  'network',
  'server',
  'conflict',
  'mapping',
  'not_found',
  'unconfirmed',
  'internal',
] as const;
export type SyncErrorClass = (typeof syncErrorClasses)[number];

interface ClassPolicy {
  /** Worth trying again later without anyone changing anything. */
  retryable: boolean;
  /** About one record (goes to the failure queue) rather than the whole app (stops the run). */
  recordLevel: boolean;
  explain: (app: string) => string;
  action: (app: string) => string;
}

export const errorClassPolicies: Record<SyncErrorClass, ClassPolicy> = {
  auth: {
    retryable: false,
    recordLevel: false,
    explain: (app) => `${app} refused the saved sign-in (it may have expired or been revoked).`,
    action: (app) => `Reconnect ${app}: Apps → ${app} → Credentials.`,
  },
  validation: {
    retryable: false,
    recordLevel: true,
    explain: (app) => `${app} rejected this record because some of its data is not valid there.`,
    action: (app) =>
      `Fix the record in the source app (or the flow's mapping), then retry. ${app}'s own message says what is wrong.`,
  },
  rate_limit: {
    retryable: true,
    recordLevel: true,
    explain: (app) => `${app} asked Patchbay to slow down (too many requests).`,
    action: () => 'Nothing to do: Patchbay waits and tries again by itself.',
  },
  network: {
    retryable: true,
    recordLevel: false,
    explain: (app) => `Patchbay could not reach ${app} (no connection, or it stopped answering).`,
    action: (app) =>
      `Check this PC's internet connection. Patchbay retries, and resumes ${app}'s flows once it answers.`,
  },
  server: {
    retryable: true,
    recordLevel: false,
    explain: (app) => `${app} had a problem on its side and could not answer properly.`,
    action: (app) => `Nothing to do for now: Patchbay retries. If it lasts, check ${app}'s status page.`,
  },
  conflict: {
    retryable: false,
    recordLevel: true,
    explain: (app) => `${app} already has a record that clashes with this one (for example the same email).`,
    action: (app) => `Merge or remove the duplicate in ${app}, then retry.`,
  },
  mapping: {
    retryable: false,
    recordLevel: true,
    explain: () => 'The flow could not turn this record into what the target app expects.',
    action: () => "Fix the record in the source app or change the flow's mapping, then retry.",
  },
  not_found: {
    retryable: false,
    recordLevel: true,
    explain: (app) => `${app} does not have the record Patchbay looked for (it may have been deleted).`,
    action: () => 'If the record was deleted on purpose, resolve or ignore this failure.',
  },
  // Never retried by itself: sending the record again could make a duplicate.
  unconfirmed: {
    retryable: false,
    recordLevel: true,
    explain: (app) => `${app} may or may not have created this record: its answer was lost on the way back.`,
    action: (app) => `Check ${app} for the record: if it is there, resolve this failure; if not, retry it.`,
  },
  internal: {
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
  /** The request surely never reached the app (the connection was refused, the name did not resolve). */
  readonly neverSent: boolean;

  constructor(
    errorClass: SyncErrorClass,
    appName: string,
    options: {
      status?: number;
      retryAfterMs?: number;
      detail?: string;
      summary?: string;
      neverSent?: boolean;
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
    this.neverSent = options.neverSent ?? false;
  }

  get retryable(): boolean {
    return errorClassPolicies[this.errorClass].retryable;
  }

  get recordLevel(): boolean {
    return errorClassPolicies[this.errorClass].recordLevel;
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
