import { describe, expect, it } from 'vitest';
import { builtInConnectors } from '../presets/index.ts';
import { hubspotWith, refusal, type Edit } from './manifest-test-kit.ts';

// A manifest's paths, templates and named adapters: what may be named, and what is refused.

/** The built-in manifests by id, as the catalogue holds them. */
const presets = new Map(builtInConnectors.map(({ manifest }) => [manifest.id, manifest]));

describe('a manifest whose paths or templates reach a prototype (issue 16)', () => {
  const protoKey = (value: unknown) => JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`) as unknown;

  it.each<[string, Edit, string, string]>([
    [
      'a records path',
      (m) => (m.entities.contacts.list.recordsPath = '__proto__'),
      'entities.contacts.list.recordsPath',
      '"__proto__" cannot be used in a field path.',
    ],
    [
      'a cursor path',
      (m) => (m.entities.contacts.list.pagination.cursorPath = 'paging.constructor.prototype'),
      'entities.contacts.list.pagination.cursorPath',
      '"constructor" cannot be used in a field path.',
    ],
    [
      'a fields path',
      (m) => (m.entities.contacts.fieldsPath = 'prototype'),
      'entities.contacts.fieldsPath',
      '"prototype" cannot be used in a field path.',
    ],
    [
      'an incremental cursor field',
      (m) => (m.entities.contacts.incremental.cursorField = 'constructor'),
      'entities.contacts.incremental.cursorField',
      '"constructor" cannot be used in a field path.',
    ],
    [
      'a request path template',
      (m) => (m.entities.contacts.get.path = '/crm/v3/objects/contacts/{{config.constructor}}'),
      'entities.contacts.get.path',
      '"constructor" cannot be used in a field path.',
    ],
    [
      'a query template',
      (m) => (m.entities.contacts.get.query.properties = '{{ __proto__.baseUrl }}'),
      'entities.contacts.get.query.properties',
      '"__proto__" cannot be used in a field path.',
    ],
    [
      'a template deep in a body',
      (m) => (m.entities.contacts.list.body.filterGroups[0].filters[0].value = '{{cursor.constructor}}'),
      'entities.contacts.list.body.filterGroups.0.filters.0.value',
      '"constructor" cannot be used in a field path.',
    ],
    [
      'a template in a batch item',
      (m) => (m.entities.contacts.write.batchUpsert.item.properties = '{{record.__proto__}}'),
      'entities.contacts.write.batchUpsert.item.properties',
      '"__proto__" cannot be used in a field path.',
    ],
    [
      'a "__proto__" key in a body',
      (m) => (m.entities.contacts.list.body = protoKey({ limit: 1 })),
      'entities.contacts.list.body',
      '"__proto__" cannot be used as a name.',
    ],
    [
      'a "__proto__" header',
      (m) => (m.headers = protoKey('x')),
      'headers',
      '"__proto__" cannot be used as a name.',
    ],
    [
      'a "__proto__" entity',
      (m) => (m.entities = protoKey(m.entities.contacts)),
      'entities',
      '"__proto__" cannot be used as a name.',
    ],
  ])('is refused for %s, naming the path', (_, edit, path, message) => {
    const error = refusal(hubspotWith(edit));
    expect(error.message).toBe(`The connector manifest is not valid at ${path}: ${message}`);
    expect(error.path).toBe(path);
  });
});

describe('named adapters and template functions', () => {
  it('names only an adapter Patchbay has, and describes a sheet as upserted in batches', () => {
    const sheets = presets.get('google-sheets')!;
    expect(sheets.entities.rows!.rows).toMatchObject({
      adapter: 'header-row',
      keyColumn: '{{config.keyColumn}}',
      batchSize: 500,
      // Row 1 alone: the columns the flow editor offers.
      header: {
        method: 'GET',
        path: expect.stringMatching(/\/values\/\{\{config\.sheet\|sheetname\}\}!1:1$/),
      },
    });
    expect(
      refusal(
        hubspotWith((m) => {
          m.entities.contacts.rows = { adapter: 'run-my-script', keyColumn: 'Email' };
        }),
      ).path,
    ).toBe('entities.contacts.rows.adapter');
  });

  it('takes the formula and sheetname functions, and refuses one it does not know', () => {
    expect(presets.get('airtable')!.entities.records!.lookup!.query.filterByFormula).toContain('|formula');
    expect(
      refusal(
        hubspotWith((m) => {
          m.entities.contacts.get.query.properties = '{{key|eval}}';
        }),
      ).message,
    ).toContain('"eval" is not a template function');
  });
});
