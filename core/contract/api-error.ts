// The error every transport answers with, without zod: the renderer's client throws it
// and its forms read it, and the first view's code should not have to load and build
// zod to do so (issue 17). The schema that checks this shape is in errors.ts.

/** The closed set of error kinds every transport can answer. */
export const errorKinds = ['invalid_input', 'not_found', 'conflict', 'unavailable', 'internal'] as const;
export type ErrorKind = (typeof errorKinds)[number];

export interface FieldIssue {
  field: string;
  message: string;
}

export interface ApiErrorData {
  kind: ErrorKind;
  message: string;
  /** The input field the error is about, as a dotted path (`entities.0.name`). */
  field?: string | undefined;
  issues?: FieldIssue[] | undefined;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

/** Thrown by services; transports serialise it into `{ ok: false, error }`. */
export class ApiError extends Error {
  readonly kind: ErrorKind;
  readonly field: string | undefined;
  readonly issues: FieldIssue[] | undefined;

  constructor(kind: ErrorKind, message: string, options: { field?: string; issues?: FieldIssue[] } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.field = options.field;
    this.issues = options.issues;
  }

  toData(): ApiErrorData {
    return {
      kind: this.kind,
      message: clip(this.message),
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.issues === undefined ? {} : { issues: this.issues }),
    };
  }
}

/**
 * Messages quote what was refused; a stranger's 100k-character value must not come
 * back whole (into a log, a terminal, a screen). Messages are sentences, never this long.
 */
const maxMessageLength = 1000;
export const clip = (text: string) =>
  text.length > maxMessageLength ? `${text.slice(0, maxMessageLength)}…` : text;
