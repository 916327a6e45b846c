import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestJsonSchemaText } from './manifest-json-schema.ts';

describe('the JSON Schema of the manifest format', () => {
  it('in docs/ is the one the zod schema gives (run "npm run connector-schema" after changing the format)', () => {
    const file = new URL('../../../docs/connector-manifest.schema.json', import.meta.url);
    expect(readFileSync(file, 'utf8')).toBe(manifestJsonSchemaText());
  });

  it('describes the fields a manifest author needs', () => {
    const schema = JSON.parse(manifestJsonSchemaText()) as {
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'name', 'baseUrl', 'auth', 'entities']));
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['version', 'docs', 'notes', 'rateLimit', 'check', 'headers']),
    );
  });
});
