import type { z } from 'zod';
import { ApiError, type FieldIssue } from '../../../core/contract/api-error.ts';

/** Field path (`name`, `entities.0.name`) → the message to show beside it; `form` for the rest. */
export type FieldErrors = Record<string, string>;

/**
 * Places each message beside the field it is about, when the form shows that field;
 * anything else (a field the form does not show, or no field at all) goes to `form`,
 * so no message is ever lost.
 */
function place(issues: FieldIssue[], shows: (field: string) => boolean): FieldErrors {
  const errors: FieldErrors = {};
  const elsewhere: string[] = [];
  for (const { field, message } of issues) {
    if (shows(field)) errors[field] ??= message;
    else if (!elsewhere.includes(message)) elsewhere.push(message);
  }
  if (elsewhere.length > 0) errors.form = elsewhere.join(' ');
  return errors;
}

export function fieldErrorsFromZod(error: z.ZodError, shows: (field: string) => boolean): FieldErrors {
  return place(
    error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })),
    shows,
  );
}

/** A server answer as field messages (from `issues`, else `field`). */
export function fieldErrorsFromApi(error: unknown, shows: (field: string) => boolean): FieldErrors {
  if (error instanceof ApiError) {
    if (error.issues?.length) return place(error.issues, shows);
    return place([{ field: error.field ?? '', message: error.message }], shows);
  }
  return { form: 'Something went wrong. Please try again.' };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
