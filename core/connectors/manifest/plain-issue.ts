import type { z } from 'zod';

// Zod's own wording ("Invalid discriminator value", "expected int, received number")
// is for programmers; whoever adds a connector reads these instead. Passed as the
// per-parse error map, so a message a schema sets itself still wins.

const nouns: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a group of fields ({ … })',
  array: 'a list ([ … ])',
};

const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

export function plainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined)
        return `This is missing: it should be ${nouns[issue.expected] ?? issue.expected}.`;
      return `This should be ${nouns[issue.expected] ?? issue.expected}, not ${describe(issue.input)}.`;
    case 'invalid_union': {
      if (!issue.discriminator || !Array.isArray(issue.options)) return undefined;
      const input: unknown = issue.input;
      const given =
        input && typeof input === 'object'
          ? (input as Record<string, unknown>)[issue.discriminator]
          : undefined;
      const what = given === undefined ? 'is missing' : `${JSON.stringify(given)} is not known`;
      return `The ${issue.discriminator} ${what}: use one of ${quoted(issue.options)}.`;
    }
    case 'invalid_value':
      return `Use one of ${quoted(issue.values)}${issue.input === undefined ? '' : `, not ${JSON.stringify(issue.input)}`}.`;
    case 'too_small':
      if (issue.origin === 'string') return 'This cannot be empty.';
      return `Use a number of at least ${String(issue.minimum)}.`;
    case 'too_big':
      return `Use a number of at most ${String(issue.maximum)}.`;
    case 'invalid_format':
      return issue.format === 'url' ? 'Use a full web address, such as https://api.example.com.' : undefined;
    default:
      return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number')
    return Number.isInteger(value) ? `the number ${value}` : `the fraction ${value}`;
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  return nouns[typeof value] ?? typeof value;
}
