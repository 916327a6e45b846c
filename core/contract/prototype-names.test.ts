import { describe, expect, it } from 'vitest';
import { appInputSchema } from './apps.ts';
import { invalidInputError } from './errors.ts';
import { flowInputSchema } from './flows.ts';

// Issue 16, hole 1: a field path such as `__proto__.baseUrl` reaches Object.prototype
// instead of a field. Workspace files and the API are refused such names, each error
// naming the field at fault.

const flow = (mapping: unknown[], matchKey = 'email') => ({
  name: 'Contacts to customers',
  sourceAppId: 'hubspot',
  sourceEntity: 'contacts',
  targetAppId: 'stripe',
  targetEntity: 'customers',
  matchKey,
  mapping: [{ target: 'email', source: 'email' }, ...mapping],
});

function refusal(schema: typeof flowInputSchema | typeof appInputSchema, input: unknown): string {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error(`Accepted: ${JSON.stringify(parsed.data)}`);
  return invalidInputError(parsed.error).message;
}

describe('a flow whose mapping names a prototype', () => {
  it.each([
    ['__proto__.baseUrl', '"__proto__"'],
    ['constructor.prototype.x', '"constructor"'],
    ['metadata.prototype', '"prototype"'],
    [' __proto__ ', '"__proto__"'],
  ])('is refused for the target %j', (target, segment) => {
    expect(refusal(flowInputSchema, flow([{ target, constant: 'https://attacker.example' }]))).toBe(
      `mapping.1.target: ${segment} cannot be used in a field path.`,
    );
  });

  it('is refused for a source field or a template placeholder', () => {
    expect(refusal(flowInputSchema, flow([{ target: 'name', source: 'constructor' }]))).toBe(
      'mapping.1.source: "constructor" cannot be used in a field path.',
    );
    expect(refusal(flowInputSchema, flow([{ target: 'name', template: '{{first}} {{ __proto__ }}' }]))).toBe(
      'mapping.1.template: "__proto__" cannot be used in a field path.',
    );
  });

  it('is refused for a "__proto__" key in a lookup table (zod would drop it silently)', () => {
    const table = JSON.parse(
      '{"__proto__": {"baseUrl": "https://attacker.example"}, "A": "Gold"}',
    ) as unknown;
    const mapping = [{ target: 'tier', source: 'tier', transforms: [{ type: 'lookup', table }] }];
    expect(refusal(flowInputSchema, flow(mapping))).toBe(
      'mapping.1.transforms.0.table: "__proto__" cannot be used as a name.',
    );
  });

  it('still takes ordinary names that only look alike', () => {
    const mapping = [
      { target: 'metadata.proto', source: 'constructorName' },
      { target: 'prototypes', template: '{{__proto}} {{my_constructor}}' },
      { target: 'tier', source: 'tier', transforms: [{ type: 'lookup', table: { constructor: 'Builder' } }] },
    ];
    expect(flowInputSchema.safeParse(flow(mapping)).success).toBe(true);
  });
});

describe("an app's connection settings", () => {
  it('are refused with a "__proto__" key, naming the field', () => {
    const config = JSON.parse('{"__proto__": {"baseUrl": "https://attacker.example"}}') as unknown;
    expect(refusal(appInputSchema, { name: 'Stripe', connector: { preset: 'stripe', config } })).toBe(
      'connector.config: "__proto__" cannot be used as a name.',
    );
  });
});
