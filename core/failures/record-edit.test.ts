import { expect, it } from 'vitest';
import { flowInputSchema } from '../contract/flows.ts';
import { contactsToCustomers } from '../demo/demo-flows.ts';
import { checkEdit, editFields, type EditTarget } from './record-edit.ts';

const flow = flowInputSchema.parse({
  ...contactsToCustomers('h', 's'),
  mapping: [
    ...contactsToCustomers('h', 's').mapping,
    { target: 'balance', source: 'balance', transforms: [{ type: 'number' }] },
    { target: 'favourite_colour', constant: 'green' },
  ],
});
const target: EditTarget = {
  mapping: flow.mapping,
  matchKey: 'email',
  knownFields: ['email', 'name', 'phone', 'metadata.hubspot_id', 'balance'],
  targetAppName: 'Stripe',
  targetEntity: 'customers',
};
const payload = {
  id: '9',
  email: ' Maria.Garcia(at)example.com ',
  firstname: 'Maria',
  lastname: 'Garcia',
  balance: 'lots',
};

it('offers each mapped field with what the mapping makes of the record, and flags what the target lacks', () => {
  const fields = editFields(target, payload);
  expect(fields.map((f) => [f.name, f.value, f.kind, f.required, f.known])).toEqual([
    ['email', 'maria.garcia(at)example.com', 'text', true, true],
    ['name', 'Maria Garcia', 'text', false, true],
    ['phone', null, 'text', false, true],
    ['metadata.hubspot_id', '9', 'text', false, true],
    ['balance', 'lots', 'number', false, true],
    ['favourite_colour', 'green', 'text', false, false],
  ]);
  // The mapping refused the balance: the source's value is offered, with why.
  expect(fields.find((f) => f.name === 'balance')!.problem).toBe('balance: "lots" is not a number.');
});

it('refuses, field by field, what the target would refuse', () => {
  const fields = editFields(target, payload);
  const refused = checkEdit(target, fields, { email: '  ', balance: 'twelve', colour: 'red' });
  expect(refused).toEqual({
    issues: [
      { field: 'values.colour', message: '"colour" is not a field this flow writes to Stripe.' },
      { field: 'values.email', message: 'email needs a value: it is how Stripe finds the record.' },
      { field: 'values.balance', message: 'balance must be a number.' },
      {
        field: 'values.favourite_colour',
        message:
          'Stripe has no field "favourite_colour" in customers. Empty it to leave it out, or change the flow\'s mapping.',
      },
    ],
  });
  expect(checkEdit(target, fields, { name: 'Maria\u001b[31m' })).toMatchObject({
    issues: expect.arrayContaining([
      expect.objectContaining({ field: 'values.name', message: expect.stringMatching(/control characters/) }),
    ]),
  });
});

it('builds the record from the corrected values, nested fields nested, emptied ones left out', () => {
  const fields = editFields(target, payload);
  const done = checkEdit(target, fields, {
    email: 'maria.garcia@example.com',
    balance: '1,250.50',
    favourite_colour: null,
    phone: '',
  });
  expect(done).toEqual({
    record: {
      email: 'maria.garcia@example.com',
      name: 'Maria Garcia',
      metadata: { hubspot_id: '9' },
      balance: 1250.5,
    },
    changed: { email: 'maria.garcia@example.com', balance: 1250.5, favourite_colour: null },
  });
});

it('starts from an earlier edit, and accepts any field when the target lists none', () => {
  const open = { ...target, knownFields: [] };
  const fields = editFields(open, payload, { email: 'maria@example.com' });
  expect(fields[0]).toMatchObject({ name: 'email', value: 'maria@example.com', known: null });
  expect(checkEdit(open, fields, { balance: 3 })).toMatchObject({
    record: { email: 'maria@example.com', favourite_colour: 'green', balance: 3 },
  });
});
