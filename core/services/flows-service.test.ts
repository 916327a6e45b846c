import { afterEach, beforeEach, expect, it } from 'vitest';
import type { App } from '../contract/apps.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { contactsToCustomers } from '../testing/sync-harness.ts';
import { openTestCore, type TestCore } from '../testing/temp-workspace.ts';

let t: TestCore;
let hubspot: App;
let stripe: App;

async function refused(name: string, input: unknown) {
  const result = await t.core.invoke(name, input);
  if (result.ok) throw new Error(`${name} was accepted: ${JSON.stringify(input)}`);
  return result.error;
}

beforeEach(async () => {
  t = openTestCore({ secrets: new InMemorySecretStore() });
  hubspot = await t.call('apps.create', {
    name: 'HubSpot',
    category: 'crm',
    connector: { preset: 'hubspot', config: {} },
  });
  stripe = await t.call('apps.create', {
    name: 'Stripe',
    category: 'billing',
    connector: { preset: 'stripe', config: {} },
  });
});
afterEach(() => t.dispose());

const base = () => contactsToCustomers(hubspot.id, stripe.id);

it('saves a flow and finds it by id or by name', async () => {
  const flow = await t.call('flows.create', base());
  expect(flow).toMatchObject({ writeMode: 'upsert', matchKey: 'email', pausedReason: null, enabled: true });
  expect(flow.mapping[0]).toMatchObject({ target: 'email', required: true });
  expect((await t.call('flows.get', { id: 'hubspot contacts to stripe customers' })).id).toBe(flow.id);
});

it.each([
  [
    'a field with both a source and a constant',
    { mapping: [{ target: 'email', source: 'email', constant: 'x' }] },
    'mapping.0',
    /exactly one of source, constant or template/,
  ],
  [
    'an unknown transform',
    { mapping: [{ target: 'email', source: 'email', transforms: [{ type: 'reverse' }] }] },
    'mapping.0.transforms.0.type',
    /Unknown transform: use trim, case, date, number or lookup/,
  ],
  [
    'a match key that is not mapped',
    { matchKey: 'customer_id' },
    'matchKey',
    /"customer_id" must be one of the mapped target fields/,
  ],
  [
    'a target field mapped twice',
    {
      mapping: [
        { target: 'email', source: 'email' },
        { target: 'email', source: 'work_email' },
      ],
    },
    'mapping.1.target',
    /email is mapped twice/,
  ],
  [
    'a lookup table with a number in it',
    { mapping: [{ target: 'email', source: 'email', transforms: [{ type: 'lookup', table: { a: 1 } }] }] },
    'mapping.0.transforms.0.table.a',
    /Lookup values must be text/,
  ],
  ['no mapping at all', { mapping: [] }, 'mapping', /Map at least one field/],
  [
    'an entity the source app does not have',
    { sourceEntity: 'tickets' },
    'sourceEntity',
    /HubSpot has no "tickets"/,
  ],
  [
    'a target entity the app cannot write',
    { targetEntity: 'invoices' },
    'targetEntity',
    // Stripe's invoices are read only (presets/stripe.json).
    /Patchbay can read Stripe's invoices but not write them/,
  ],
])('refuses %s, naming the field', async (_, change, field, message) => {
  const error = await refused('flows.create', { ...base(), ...change });
  expect(error.kind).toBe('invalid_input');
  expect(error.message).toMatch(message);
  expect(JSON.stringify(error)).toContain(field);
  expect(await t.call('flows.list', {})).toEqual([]);
});

it('refuses a flow onto its own records and a source app that is not in the inventory', async () => {
  expect(
    (await refused('flows.create', { ...base(), targetAppId: hubspot.id, targetEntity: 'contacts' })).message,
  ).toMatch(/cannot copy records onto themselves/);
  expect((await refused('flows.create', { ...base(), sourceAppId: 'nope' })).message).toMatch(
    /source app is not in the inventory/,
  );
});
