import { afterEach, describe, expect, it } from 'vitest';
import { fieldMappingSchema, type FieldMapping } from '../contract/flows.ts';
import { mapRecord, readPath } from './map-record.ts';

const mapping = (...fields: unknown[]): FieldMapping[] => fields.map((f) => fieldMappingSchema.parse(f));

it('renames, fills constants and templates, and nests dotted targets', () => {
  const result = mapRecord(
    mapping(
      { target: 'email', source: 'Email' },
      { target: 'source', constant: 'hubspot' },
      { target: 'name', template: '{{first}}  {{ last }}' },
      { target: 'metadata.crm_id', source: 'id' },
    ),
    { Email: 'a@b.co', first: 'Ada', last: 'Lovelace', id: 42 },
  );
  expect(result).toEqual({
    ok: true,
    record: { email: 'a@b.co', source: 'hubspot', name: 'Ada Lovelace', metadata: { crm_id: 42 } },
  });
});

it("builds a list where a target path has an index (an invoice's lines)", () => {
  const result = mapRecord(
    mapping(
      { target: 'LineItems.0.Description', template: 'Order {{name}}' },
      { target: 'LineItems.0.UnitAmount', source: 'total', transforms: [{ type: 'number' }] },
      { target: 'LineItems.1.Description', constant: 'Shipping' },
      { target: 'Contact.Name', source: 'email' },
    ),
    { name: '#1001', total: '15.00', email: 'a@b.co' },
  );
  expect(result).toEqual({
    ok: true,
    record: {
      LineItems: [{ Description: 'Order #1001', UnitAmount: 15 }, { Description: 'Shipping' }],
      Contact: { Name: 'a@b.co' },
    },
  });
});

it('trims and changes case, and leaves out empty optional fields', () => {
  const result = mapRecord(
    mapping(
      { target: 'email', source: 'email', transforms: [{ type: 'trim' }, { type: 'case', to: 'lower' }] },
      { target: 'city', source: 'city', transforms: [{ type: 'case', to: 'title' }] },
      { target: 'code', source: 'code', transforms: [{ type: 'case', to: 'upper' }] },
      { target: 'phone', source: 'phone' },
    ),
    { email: '  Ada@Example.COM ', city: "saint-jean d'arc", code: 'gb', phone: '' },
  );
  expect(result).toEqual({
    ok: true,
    record: { email: 'ada@example.com', city: "Saint-Jean D'Arc", code: 'GB' },
  });
});

it('formats dates and numbers, and reads a lookup table with its fallback', () => {
  const result = mapRecord(
    mapping(
      { target: 'signed', source: 'signed', transforms: [{ type: 'date', to: 'date' }] },
      { target: 'seen', source: 'seen', transforms: [{ type: 'date', to: 'unix_seconds' }] },
      { target: 'since', source: 'since', transforms: [{ type: 'date', to: 'iso8601' }] },
      { target: 'amount', source: 'amount', transforms: [{ type: 'number', decimals: 2 }] },
      {
        target: 'tier',
        source: 'tier',
        transforms: [{ type: 'lookup', table: { A: 'Gold' }, fallback: 'Standard' }],
      },
      { target: 'tier2', source: 'tier2', transforms: [{ type: 'lookup', table: { A: 'Gold' } }] },
    ),
    {
      signed: '2026-03-04T22:10:00Z',
      seen: '2026-01-01T00:00:10.900Z',
      since: '1767225600',
      amount: '1,234.567',
      tier: 'Z',
      tier2: 'A',
    },
  );
  expect(result).toEqual({
    ok: true,
    record: {
      signed: '2026-03-04',
      seen: 1767225610,
      since: '2026-01-01T00:00:00.000Z',
      amount: 1234.57,
      tier: 'Standard',
      tier2: 'Gold',
    },
  });
});

it.each([
  [
    { target: 'email', source: 'email', required: true },
    {},
    'email (from email) is empty, and the flow needs it.',
  ],
  [
    { target: 'd', source: 'd', transforms: [{ type: 'date', to: 'date' }] },
    { d: 'soon' },
    'd: "soon" is not a date Patchbay can read.',
  ],
  [
    { target: 'n', source: 'n', transforms: [{ type: 'number' }] },
    { n: 'twelve' },
    'n: "twelve" is not a number.',
  ],
  [
    { target: 't', source: 't', transforms: [{ type: 'lookup', table: { A: 'Gold' } }] },
    { t: 'B' },
    't: "B" is not in the lookup table.',
  ],
])('explains a record it cannot map (%#)', (field, source, message) => {
  expect(mapRecord(mapping(field), source)).toEqual({
    ok: false,
    field: (field as { target: string }).target,
    message,
  });
});

describe('names that would reach a prototype (issue 16)', () => {
  // Handed to mapRecord directly, past the schema that refuses them: a saved flow from
  // before the schema checked, or a caller that skips it.
  const raw = (field: Partial<FieldMapping> & { target: string }): FieldMapping[] => [
    { transforms: [], required: false, ...field },
  ];
  const polluted = ['baseUrl', 'x'];
  afterEach(() => {
    // Keeps one regression from leaking into the other tests of this file.
    for (const name of polluted) delete (Object.prototype as Record<string, unknown>)[name];
  });

  it.each(['__proto__.baseUrl', 'constructor.prototype.x', 'prototype.x'])(
    'never writes the target %j onto Object.prototype',
    (target) => {
      const result = mapRecord(raw({ target, constant: 'https://attacker.example' }), {});
      expect(result).toMatchObject({ ok: false, field: target });
      expect(({} as Record<string, unknown>).baseUrl).toBeUndefined();
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    },
  );

  it('reads only a source record’s own fields', () => {
    const source = { email: 'a@b.co' };
    expect(mapRecord(raw({ target: 'a', source: 'constructor' }), source)).toEqual({ ok: true, record: {} });
    expect(mapRecord(raw({ target: 'a', source: 'toString', required: true }), source)).toEqual({
      ok: false,
      field: 'a',
      message: 'a (from toString) is empty, and the flow needs it.',
    });
    expect(mapRecord(raw({ target: 'a', template: '{{constructor}}|{{email}}' }), source)).toEqual({
      ok: true,
      record: { a: '|a@b.co' },
    });
  });

  it('finds only the lookup table’s own entries', () => {
    const lookup = (table: Record<string, string>) =>
      raw({ target: 't', source: 't', transforms: [{ type: 'lookup', table }] });
    expect(mapRecord(lookup({ A: 'Gold' }), { t: 'constructor' })).toEqual({
      ok: false,
      field: 't',
      message: 't: "constructor" is not in the lookup table.',
    });
    expect(mapRecord(lookup({ A: 'Gold' }), { t: 'toString' })).toMatchObject({ ok: false });
    expect(mapRecord(lookup({ constructor: 'Builder' }), { t: 'constructor' })).toEqual({
      ok: true,
      record: { t: 'Builder' },
    });
  });

  it('reads the match key only from the mapped record’s own fields', () => {
    expect(readPath({ email: 'a@b.co' }, 'constructor')).toBeUndefined();
    expect(readPath({ metadata: {} }, 'metadata.toString')).toBeUndefined();
    expect(readPath({ metadata: { id: 7 } }, 'metadata.id')).toBe(7);
  });
});
