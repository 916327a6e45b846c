import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { EntityDescription } from '../../../../core/contract/connectors.ts';
import { fieldWords, operationsOf, parseManifestText } from './connector-words.ts';

describe('a manifest read from text', () => {
  const manifest = {
    id: 'notebook',
    name: 'Notebook',
    version: '1.0.0',
    baseUrl: 'https://api.notebook.example',
    auth: { type: 'bearer' },
    entities: { people: { label: 'People', list: { path: '/v1/people', recordsPath: 'data' } } },
  };

  it('reads JSON, with or without a byte-order mark', () => {
    expect(parseManifestText(JSON.stringify(manifest, null, 2))).toEqual({ manifest });
    expect(parseManifestText(`\uFEFF${JSON.stringify(manifest)}`)).toEqual({ manifest });
  });

  it('reads YAML pasted in, or from a file named .yaml or .yml', () => {
    expect(parseManifestText(stringify(manifest))).toEqual({ manifest });
    expect(parseManifestText(stringify(manifest), 'notebook.YML')).toEqual({ manifest });
  });

  it('answers in plain words for text that is not a manifest at all', () => {
    expect(parseManifestText('   ')).toEqual({
      problem: expect.stringContaining('Paste a connector manifest'),
    });
    expect(parseManifestText('{ "id": "notebook", ')).toEqual({
      problem: expect.stringMatching(/^This is not valid JSON \(.+\)\. Nothing was checked\.$/),
    });
    expect(parseManifestText('Hello, this is my connector')).toEqual({
      problem: expect.stringContaining('This is not JSON, and not a YAML manifest either'),
    });
    expect(parseManifestText('id: [notebook')).toEqual({
      problem: expect.stringContaining('This is neither JSON nor YAML'),
    });
    // A file named .json is JSON, as `patchbay connector add` reads it.
    expect(parseManifestText(stringify(manifest), 'notebook.json')).toEqual({
      problem: expect.stringContaining('not valid JSON'),
    });
    expect(parseManifestText(`"${'x'.repeat(1024 * 1024)}"`)).toEqual({
      problem: expect.stringContaining('larger than 1 MB'),
    });
  });

  it('leaves a shape that is wrong to the core, which names each field', () => {
    expect(parseManifestText('[1, 2]')).toEqual({ manifest: [1, 2] });
    expect(parseManifestText('{}')).toEqual({ manifest: {} });
  });
});

describe('a connector in words', () => {
  const entity = (can: Partial<EntityDescription>): EntityDescription => ({
    name: 'people',
    label: 'People',
    canList: false,
    canGet: false,
    canLookup: false,
    canCreate: false,
    canUpdate: false,
    canBatchUpsert: false,
    canDelete: false,
    incremental: true,
    initialCursor: '',
    writeConcurrency: 1,
    fields: [],
    ...can,
  });

  it('lists what an entity can do in the order a sync uses it', () => {
    expect(operationsOf(entity({ canList: true }))).toEqual(['read']);
    expect(
      operationsOf(
        entity({
          canList: true,
          canGet: true,
          canLookup: true,
          canCreate: true,
          canUpdate: true,
          canBatchUpsert: true,
          canDelete: true,
        }),
      ),
    ).toEqual(['read', 'get by id', 'look up', 'create', 'update', 'upsert in batches', 'delete']);
  });

  it('names the manifest as a whole when a problem has no field', () => {
    expect(fieldWords('(manifest)')).toBe('the manifest as a whole');
    expect(fieldWords('entities.people.list')).toBe('entities.people.list');
  });
});
