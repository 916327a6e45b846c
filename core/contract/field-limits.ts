import type { z } from 'zod';
import { parsePlainly } from './plain-issue.ts';
import { inFigures } from './in-figures.ts';

// The limits a form shows beside a field, read from the very schema that enforces them
// (zod's JSON Schema export), so a number is never written twice and a hint cannot
// promise what the core then refuses. Pure: the renderer's form kit uses it.

/** What one field may hold. */
export type FieldLimits =
  | { readonly kind: 'text'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'number'; readonly whole: boolean; readonly min?: number; readonly max?: number }
  | { readonly kind: 'list'; readonly max?: number; readonly item?: FieldLimits };

interface JsonSchema {
  type?: string;
  anyOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: JsonSchema;
}

const cache = new WeakMap<z.ZodType, FieldLimits | undefined>();

/** The limits a schema puts on one value (null and a default aside), or undefined when it puts none we can say. */
export function fieldLimits(schema: z.ZodType): FieldLimits | undefined {
  if (!cache.has(schema))
    cache.set(schema, fromJson(schema.toJSONSchema({ io: 'input', unrepresentable: 'any' }) as JsonSchema));
  return cache.get(schema);
}

function fromJson(s: JsonSchema): FieldLimits | undefined {
  if (s.anyOf) {
    const values = s.anyOf.filter((branch) => branch.type !== 'null');
    return values.length === 1 ? fromJson(values[0]!) : undefined;
  }
  switch (s.type) {
    case 'string':
      return { kind: 'text', ...only('min', s.minLength), ...only('max', s.maxLength) };
    case 'integer':
    case 'number':
      return {
        kind: 'number',
        whole: s.type === 'integer',
        ...only('min', s.minimum),
        ...only('max', s.maximum),
      };
    case 'array':
      return {
        kind: 'list',
        ...only('max', s.maxItems),
        ...(s.items ? only('item', fromJson(s.items)) : {}),
      };
    default:
      return undefined;
  }
}

const only = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

// Numbers with separators, as the schemas' own messages write them ("from 7 to 3,650",
// "10,000 characters").
const characters = (n: number) => `${inFigures(n)} character${n === 1 ? '' : 's'}`;

/**
 * The limits in plain words, for the field's hint: "From 1 to 3,650 days.", "At most
 * 120 characters.", "At most 100 names, each at most 80 characters." `unit` names what
 * a number counts (days) or a list holds (names).
 */
export function limitsInWords(limits: FieldLimits | undefined, unit?: string): string {
  if (!limits) return '';
  switch (limits.kind) {
    case 'text': {
      const { min = 0, max } = limits;
      if (max === undefined) return min > 1 ? `At least ${characters(min)}.` : '';
      return min > 1 ? `From ${inFigures(min)} to ${characters(max)}.` : `At most ${characters(max)}.`;
    }
    case 'number': {
      const after = unit ? ` ${unit}` : '';
      const what = limits.whole ? 'A whole number' : 'A number';
      const { min, max } = limits;
      if (min !== undefined && max !== undefined)
        return `${what} from ${inFigures(min)} to ${inFigures(max)}${after}.`;
      if (min !== undefined) return `${what} of ${inFigures(min)}${after} or more.`;
      if (max !== undefined) return `${what} up to ${inFigures(max)}${after}.`;
      return limits.whole ? `A whole number${after}.` : '';
    }
    case 'list': {
      const each =
        limits.item?.kind === 'text' ? limitsInWords(limits.item).replace(/^At most/, 'each at most') : '';
      if (limits.max === undefined) return each ? `${each[0]!.toUpperCase()}${each.slice(1)}` : '';
      const head = `At most ${inFigures(limits.max)}${unit ? ` ${unit}` : ''}`;
      return each ? `${head}, ${each}` : `${head}.`;
    }
  }
}

/**
 * Why the schema refuses `value`, in the schema's own plain words, or undefined when it
 * takes it. Text typed into a number field is read as a number first ("" as nothing).
 */
export function valueProblem(schema: z.ZodType, value: unknown): string | undefined {
  const limits = fieldLimits(schema);
  const input =
    limits?.kind === 'number' && typeof value === 'string'
      ? value.trim() === ''
        ? undefined
        : Number(value.trim())
      : value;
  const parsed = parsePlainly(schema, input);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}
