import { z } from 'zod';
import { manifestSchema } from './manifest-schema.ts';

/**
 * The connector manifest format as JSON Schema, generated from the one zod schema, so
 * an editor completes and validates a manifest as it is written
 * (docs/connector-manifest.schema.json; `npm run connector-schema` writes it again).
 * Rules zod checks in code (no `__proto__` in a path, nesting depth) are not in it:
 * `patchbay connector check` has the last word.
 */
export function manifestJsonSchemaText(): string {
  const schema = z.toJSONSchema(manifestSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'Patchbay connector manifest' }, null, 2)}\n`;
}
