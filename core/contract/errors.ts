import { z } from 'zod';
import { ApiError, clip, errorKinds, type ApiErrorData, type FieldIssue } from './api-error.ts';

export {
  ApiError,
  errorKinds,
  type ApiErrorData,
  type ApiResult,
  type ErrorKind,
  type FieldIssue,
} from './api-error.ts';

export const fieldIssueSchema = z.object({
  field: z.string(),
  message: z.string(),
}) satisfies z.ZodType<FieldIssue>;

export const apiErrorSchema = z.object({
  kind: z.enum(errorKinds),
  message: z.string(),
  /** The input field the error is about, as a dotted path (`entities.0.name`). */
  field: z.string().optional(),
  issues: z.array(fieldIssueSchema).optional(),
}) satisfies z.ZodType<ApiErrorData>;

/** A file with 100,000 bad rows answers with the first ones, enough to fix it. */
const maxIssues = 50;

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
