import { z } from 'zod';

/** The closed set of error kinds every transport can answer. */
export const errorKinds = ['invalid_input', 'not_found', 'conflict', 'unavailable', 'internal'] as const;
export type ErrorKind = (typeof errorKinds)[number];

export const fieldIssueSchema = z.object({ field: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export const apiErrorSchema = z.object({
  kind: z.enum(errorKinds),
  message: z.string(),
  /** The input field the error is about, as a dotted path (`entities.0.name`). */
  field: z.string().optional(),
  issues: z.array(fieldIssueSchema).optional(),
});
export type ApiErrorData = z.infer<typeof apiErrorSchema>;

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
/** A file with 100,000 bad rows answers with the first ones, enough to fix it. */
const maxIssues = 50;
const clip = (text: string) =>
  text.length > maxMessageLength ? `${text.slice(0, maxMessageLength)}…` : text;

/** Turns zod issues into field-named messages in plain words. */
export function invalidInputError(error: z.ZodError): ApiError {
  const issues = error.issues.slice(0, maxIssues).map((issue) => ({
    field: clip(issue.path.map(String).join('.') || '(input)'),
    message: clip(issue.message),
  }));
  const first = issues[0];
  const message = first ? `${first.field}: ${first.message}` : 'The input is not valid.';
  return new ApiError('invalid_input', message, {
    ...(first ? { field: first.field } : {}),
    issues,
  });
}
