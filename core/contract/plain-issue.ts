import type { z } from 'zod';
import { inFigures } from './in-figures.ts';

// Zod's own wording ("Too small: expected string to have >=1 characters", "Invalid
// input: expected int, received number") is for programmers. Every parse of a
// stranger's input passes this as its per-parse error map (`parsePlainly`), so a
// message a schema sets itself still wins and every other check still speaks plainly:
// the field's name comes with it (`invalidInputError` in errors.ts), the limits are in it.

const nouns: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a group of fields ({ … })',
  array: 'a list ([ … ])',
};

const quotedList = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
const plural = (count: number | bigint, word: string) =>
  `${inFigures(count)} ${word}${count === 1 ? '' : 's'}`;

/** A zod issue in plain words: what is wrong and the limit it broke. */
export function plainIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined)
        return `This is missing: it should be ${nouns[issue.expected] ?? issue.expected}.`;
      return `This should be ${nouns[issue.expected] ?? issue.expected}, not ${describe(issue.input)}.`;
    case 'invalid_union': {
      if (!issue.discriminator || !Array.isArray(issue.options))
        return 'This is not one of the accepted forms; see the documentation for what to give.';
      const input: unknown = issue.input;
      const given =
        input && typeof input === 'object'
          ? (input as Record<string, unknown>)[issue.discriminator]
          : undefined;
      const what = given === undefined ? 'is missing' : `${JSON.stringify(given)} is not known`;
      return `The ${issue.discriminator} ${what}: use one of ${quotedList(issue.options)}.`;
    }
    case 'invalid_value':
      return `Use one of ${quotedList(issue.values)}${issue.input === undefined ? '' : `, not ${JSON.stringify(issue.input)}`}.`;
    case 'too_small':
      return tooSmall(issue.origin, issue.minimum, issue.inclusive !== false);
    case 'too_big':
      return tooBig(issue.origin, issue.maximum, issue.inclusive !== false);
    case 'invalid_format':
      return formats[issue.format] ?? 'This is not in the expected format.';
    case 'not_multiple_of':
      return `Use a multiple of ${String(issue.divisor)}.`;
    case 'unrecognized_keys':
      return `Patchbay does not know ${issue.keys.length === 1 ? 'the field' : 'the fields'} ${quotedList(issue.keys)}; remove ${issue.keys.length === 1 ? 'it' : 'them'}.`;
    case 'invalid_key':
      return 'One of the names in this list is not accepted.';
    case 'invalid_element':
      return 'One of the values in this list is not accepted.';
    default:
      return 'This value is not accepted.';
  }
}

const formats: Record<string, string> = {
  url: 'Use a full web address, such as https://api.example.com.',
  email: 'Use an email address, such as name@example.com.',
  regex: 'This is not in the expected format.',
  datetime: 'Use a date and time in ISO 8601, such as 2026-11-01T08:00:00Z.',
  date: 'Use a date in ISO 8601, such as 2026-11-01.',
};

function tooSmall(origin: string, minimum: number | bigint, inclusive: boolean): string {
  switch (origin) {
    case 'string':
      return minimum === 1 ? 'This cannot be empty.' : `Use at least ${plural(minimum, 'character')}.`;
    case 'array':
    case 'set':
      return minimum === 1 ? 'Give at least one.' : `Give at least ${inFigures(minimum)}.`;
    default:
      return inclusive
        ? `Use a number of at least ${inFigures(minimum)}.`
        : `Use a number above ${inFigures(minimum)}.`;
  }
}

function tooBig(origin: string, maximum: number | bigint, inclusive: boolean): string {
  switch (origin) {
    case 'string':
      return `Use at most ${plural(maximum, 'character')}.`;
    case 'array':
    case 'set':
      return `Give at most ${inFigures(maximum)}.`;
    default:
      return inclusive
        ? `Use a number of at most ${inFigures(maximum)}.`
        : `Use a number below ${inFigures(maximum)}.`;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number')
    return Number.isInteger(value) ? `the number ${value}` : `the fraction ${value}`;
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return nouns[typeof value] ?? typeof value;
}

/** `schema.safeParse(input)` with every message in plain words. */
export function parsePlainly<S extends z.ZodType>(schema: S, input: unknown) {
  return schema.safeParse(input, { error: plainIssue });
}
