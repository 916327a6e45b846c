import type { z } from 'zod';
import { ApiError } from '../../../core/contract/errors.ts';

/** Field path (`name`, `entities.0.name`) → the message to show beside it. */
export type FieldErrors = Record<string, string>;

export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A server answer as field messages; anything not about one field lands on `form`. */
export function fieldErrorsFromApi(error: unknown): FieldErrors {
  if (error instanceof ApiError) {
    if (error.issues?.length) return Object.fromEntries(error.issues.map((i) => [i.field, i.message]));
    return { [error.field ?? 'form']: error.message };
  }
  return { form: 'Something went wrong. Please try again.' };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
