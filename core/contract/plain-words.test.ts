import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createDispatcher } from './dispatch.ts';
import { methods } from './methods.ts';
import type { MethodName } from './method-names.ts';
import { workspaceDocumentSchema } from './workspace.ts';
import { parsePlainly } from './plain-issue.ts';

// Every refusal an office manager can meet is in plain words. This walks each API
// method's input schema (and the workspace file's) and feeds every field the values
// people and scripts get wrong — empty, far too long, negative, fractional, of the
// wrong type, not in the list — then checks that no message is zod's own wording.

/** Zod's default English messages ("Too small: expected string to have >=1 characters", …). */
const zodWording =
  /^(Too small|Too big|Invalid input|Invalid option|Invalid string|Invalid key|Invalid element|Invalid discriminator|Invalid union|Invalid (email|URL|date|UUID)|Unrecognized key|Expected |Required$)|expected .+, received|Number must be|String must contain/;

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

const longText = 'x'.repeat(70_000);
const badLeaves: readonly unknown[] = ['', longText, -5, 0, 2.5, 1e12, true, null, [], {}, 'not in the list'];

/** Values that break each field of `schema` in turn, up to `depth` levels down. */
function badInputs(schema: unknown, depth = 4): unknown[] {
  const def = defOf(schema);
  if (depth === 0) return badLeaves as unknown[];
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const out: unknown[] = [{}, 'not an object'];
      for (const [key, child] of Object.entries(shape))
        for (const value of badInputs(child, depth - 1).slice(0, 40)) out.push({ [key]: value });
      return out;
    }
    case 'array':
      return [
        [],
        'not a list',
        Array.from({ length: 1001 }, () => ({})),
        ...badInputs(def.element, depth - 1)
          .slice(0, 20)
          .map((v) => [v]),
      ];
    case 'record':
      return [
        'not a record',
        ...badInputs(def.valueType, depth - 1)
          .slice(0, 10)
          .map((v) => ({ name: v })),
      ];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return badInputs(def.innerType, depth);
    case 'pipe':
      return [
        ...badInputs(def.in, depth),
        ...(defOf(def.in).type === 'transform' ? badInputs(def.out, depth) : []),
      ];
    case 'union':
      return (def.options as unknown[]).flatMap((option) => badInputs(option, depth).slice(0, 30));
    case 'lazy':
      return badInputs((def.getter as () => unknown)(), depth - 1);
    default:
      return badLeaves as unknown[];
  }
}

function zodWordedMessages(schema: z.ZodType, inputs: readonly unknown[]) {
  const found = new Map<string, unknown>();
  for (const input of inputs) {
    const result = parsePlainly(schema, input);
    if (result.success) continue;
    for (const issue of result.error.issues)
      if (zodWording.test(issue.message)) found.set(`${issue.path.join('.')}: ${issue.message}`, input);
  }
  return [...found.keys()];
}

describe('every refusal is in plain words', () => {
  it.each(Object.keys(methods) as MethodName[])('%s', (name) => {
    const schema = methods[name].input as z.ZodType;
    expect(zodWordedMessages(schema, badInputs(schema))).toEqual([]);
  });

  it('the workspace file', () => {
    expect(zodWordedMessages(workspaceDocumentSchema, badInputs(workspaceDocumentSchema, 6))).toEqual([]);
  });

  it('through the dispatcher, a refused setting names the field and its limits', async () => {
    const dispatch = createDispatcher({} as never, () => {});
    const answer = await dispatch('settings.update', { retentionDays: -5 });
    expect(answer).toMatchObject({
      ok: false,
      error: {
        issues: [{ field: 'retentionDays', message: 'Enter a whole number of days from 7 to 3,650.' }],
      },
    });
    const empty = await dispatch('flows.create', { name: '' });
    expect(empty.ok).toBe(false);
    if (!empty.ok)
      for (const issue of empty.error.issues ?? []) expect(issue.message).not.toMatch(zodWording);
  });
});
