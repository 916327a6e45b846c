import { SyncError, type SyncErrorClass } from '../../reliability/error-classes.ts';
import { getPath } from './template.ts';

// A connector's own reading of its errors (manifest `errors`): which answers are which
// of Patchbay's error classes beyond what the status says — a throttle sent as a 403
// or as `THROTTLED` in a 200, a fault inside a 200 (QuickBooks, Shopify's userErrors) —
// and where the app's own words sit in its error body. Pure.

export interface ErrorRule {
  readonly status?: readonly number[] | undefined;
  readonly path?: string | undefined;
  readonly equals?: string | number | boolean | undefined;
  readonly class: SyncErrorClass;
  readonly retryAfterMs?: number | undefined;
}

export interface ErrorsSpec {
  readonly messagePath?: string | undefined;
  readonly rules: readonly ErrorRule[];
}

const maxDetail = 300;

/** Whether a value counts as there: not missing, not empty text, not an empty list. */
function present(value: unknown): boolean {
  return (
    value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)
  );
}

/**
 * The first rule the answer meets. A success status is only an error by a rule that
 * names a body field (a 2xx without one is what it says).
 */
export function matchingRule(
  spec: ErrorsSpec | undefined,
  status: number,
  body: unknown,
): ErrorRule | undefined {
  const success = status >= 200 && status < 300;
  return spec?.rules.find((rule) => {
    if (rule.status !== undefined && !rule.status.includes(status)) return false;
    if (rule.path === undefined) return !success;
    const value = getPath(body, rule.path);
    return rule.equals === undefined ? present(value) : value === rule.equals;
  });
}

/** The app's own words at `messagePath`: text, a number, or a list of them. */
export function messageAt(spec: ErrorsSpec | undefined, body: unknown): string | undefined {
  if (spec?.messagePath === undefined) return undefined;
  const value = getPath(body, spec.messagePath);
  const parts = (Array.isArray(value) ? value : [value]).filter(
    (item): item is string | number => typeof item === 'string' || typeof item === 'number',
  );
  const text = parts.map(String).join('; ').trim();
  return text === '' ? undefined : text.length > maxDetail ? `${text.slice(0, maxDetail)}…` : text;
}

/** The error a matching rule makes of an answer. */
export function ruleError(
  rule: ErrorRule,
  options: { appName: string; status: number; detail: string | undefined; retryAfterMs: number | undefined },
): SyncError {
  const retryAfterMs = options.retryAfterMs ?? rule.retryAfterMs;
  return new SyncError(rule.class, options.appName, {
    status: options.status,
    ...(options.detail === undefined ? {} : { detail: options.detail }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** The same error with the app's words from `messagePath`, when the manifest says where they sit. */
export function withMessage(error: SyncError, detail: string | undefined): SyncError {
  if (detail === undefined || detail === error.detail) return error;
  return new SyncError(error.errorClass, error.appName, {
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    detail,
    ...(error.summary === undefined ? {} : { summary: error.summary }),
    neverSent: error.neverSent,
    ...(error.pausedUntil === undefined ? {} : { pausedUntil: error.pausedUntil }),
  });
}
