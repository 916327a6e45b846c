import { z } from 'zod';
import { keyProblem, pathProblem, templateProblem } from './safe-path.ts';

// The checks of safe-path.ts as zod refinements, so every schema that takes a field
// path, a template or free-form keys refuses prototype names in the same plain words,
// and the error names the field at fault (issue 16).

type Problem = (text: string) => string | undefined;

const refusing =
  (problem: Problem) =>
  (text: string, ctx: z.RefinementCtx): void => {
    const message = problem(text);
    if (message) ctx.addIssue({ code: 'custom', message, input: text });
  };

/** For `.superRefine` on a dotted field path (`metadata.hubspot_id`). */
export const refuseUnsafePath = refusing(pathProblem);
/** For `.superRefine` on a string that may hold `{{…}}` placeholders. */
export const refuseUnsafeTemplate = refusing(templateProblem);
/** For `.superRefine` on a name written as an object key (a query parameter, a header). */
export const refuseUnsafeKey = refusing(keyProblem);

/**
 * `z.record` that refuses a `__proto__` key. zod drops such a key silently (copying it
 * would replace the copy's prototype), so it is looked for in the input, before the copy.
 */
export function ownRecord<K extends z.core.$ZodRecordKey, V extends z.core.SomeType>(key: K, value: V) {
  const record = z.record(key, value);
  return z.preprocess<unknown, typeof record, z.input<typeof record>>((input, ctx) => {
    if (input !== null && typeof input === 'object' && Object.hasOwn(input, '__proto__'))
      ctx.addIssue({ code: 'custom', message: keyProblem('__proto__')!, input });
    return input;
  }, record);
}

/**
 * For `.superRefine` on a free-form template (a request body, a batch item): each key
 * and each string's placeholders, at any depth, with the path to the first bad one.
 */
export function refuseUnsafeTemplateValue(value: unknown, ctx: z.RefinementCtx): void {
  const found = firstProblem(value, []);
  if (found) ctx.addIssue({ code: 'custom', message: found.message, path: found.path, input: value });
}

function firstProblem(
  value: unknown,
  path: (string | number)[],
): { message: string; path: (string | number)[] } | undefined {
  if (typeof value === 'string') {
    const message = templateProblem(value);
    return message ? { message, path } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = firstProblem(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const message = keyProblem(key);
    if (message) return { message, path };
    const found = firstProblem((value as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return undefined;
}
