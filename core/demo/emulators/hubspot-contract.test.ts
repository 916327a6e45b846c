import { connectorContract } from '../../testing/connector-contract-kit.ts';
import { startHubSpotEmulator, type HubSpotEmulator, type HubSpotObjectType } from './hubspot-emulator.ts';

// The HubSpot preset against the HubSpot emulator. Contacts are written by batch upsert
// on email and companies on domain, so the match key is HubSpot's own; deals have no
// unique property and are created and patched one by one. An archived record leaves
// search and reads by id, and shows in the `archived=true` listing the connector reads
// after each pass of changes.

const token = 'pat-na1-contract-test';

const app = {
  name: 'HubSpot',
  connectorId: 'hubspot',
  start: async () => ({
    emulator: await startHubSpotEmulator({
      tokens: [token],
      rateLimit: { requests: 100_000, perMs: 10_000 },
    }),
    secret: token,
    config: { portalId: '1234' },
  }),
  retryAfterSeconds: 1,
};

/** Archives the record (HubSpot's DELETE) in one object type. */
const archiving = (type: HubSpotObjectType) => ({
  remove: (emulator: HubSpotEmulator, id: string) => void emulator.store.objects(type).archive(id),
  seen: 'gone' as const,
});

/** Two records changed after a full read: their ids. */
const changeTwo =
  (type: HubSpotObjectType, fields: Record<string, string>) => (emulator: HubSpotEmulator) => {
    for (const id of ['5', '18']) emulator.store.objects(type).upsert(fields, id);
    return ['5', '18'];
  };

const propertiesOf =
  (type: HubSpotObjectType, names: string[]) => (emulator: HubSpotEmulator, id: string) => {
    const { properties } = emulator.store.objects(type).byId.get(id)!;
    return Object.fromEntries(names.map((n) => [n, properties[n]]));
  };

connectorContract<HubSpotEmulator>({
  ...app,
  entity: 'contacts',
  seed: (emulator, count) => emulator.store.seedContacts(count),
  pages: { records: 250, pages: 3 },
  changeAtSource: (emulator) => {
    for (const id of ['5', '18']) emulator.store.upsert({ firstname: 'Changed' }, id);
    return ['5', '18'];
  },
  newRecord: (n) => ({ key: `new${n}@example.com`, record: { firstname: `New${n}` } }),
  writes: 'batch',
  update: {
    record: { firstname: 'Renamed', lastname: 'Again' },
    atSource: (emulator, id) => {
      const { firstname, lastname } = emulator.store.byId.get(id)!.properties;
      return { firstname, lastname };
    },
    expected: { firstname: 'Renamed', lastname: 'Again' },
  },
  invalid: {
    key: 'not-an-email',
    record: { firstname: 'Broken' },
    message: 'Email address not-an-email is invalid',
  },
  deletion: archiving('contacts'),
});

connectorContract<HubSpotEmulator>({
  ...app,
  entity: 'companies',
  seed: (emulator, count) => emulator.store.seedCompanies(count),
  pages: { records: 250, pages: 3 },
  changeAtSource: changeTwo('companies', { city: 'Leeds' }),
  newRecord: (n) => ({ key: `new${n}.example.com`, record: { name: `New ${n} Ltd` } }),
  writes: 'batch',
  update: {
    record: { name: 'Renamed Ltd', numberofemployees: '12' },
    atSource: propertiesOf('companies', ['name', 'numberofemployees']),
    expected: { name: 'Renamed Ltd', numberofemployees: '12' },
  },
  invalid: {
    key: 'broken.example.com',
    record: { name: 'Broken', numberofemployees: 'many' },
    message: 'many was not a valid number.',
  },
  deletion: archiving('companies'),
});

connectorContract<HubSpotEmulator>({
  ...app,
  entity: 'deals',
  seed: (emulator, count) => emulator.store.seedDeals(count),
  pages: { records: 250, pages: 3 },
  changeAtSource: changeTwo('deals', { dealstage: 'closedwon' }),
  newRecord: (n) => ({ key: `New deal ${n}`, record: { dealname: `New deal ${n}`, amount: '500' } }),
  writes: 'single',
  update: {
    record: { amount: '750', dealstage: 'closedwon' },
    atSource: propertiesOf('deals', ['amount', 'dealstage']),
    expected: { amount: '750', dealstage: 'closedwon' },
  },
  invalid: {
    key: 'Broken deal',
    record: { dealname: 'Broken deal', amount: 'lots' },
    message: 'lots was not a valid number.',
  },
  deletion: archiving('deals'),
});
