import { connectorContract } from '../../testing/connector-contract-kit.ts';
import { startHubSpotEmulator, type HubSpotEmulator } from './hubspot-emulator.ts';

// The HubSpot preset against the HubSpot emulator. Its contacts are written by batch
// upsert on email, so the match key is HubSpot's own; the emulator has no archiving yet.

const token = 'pat-na1-contract-test';

connectorContract<HubSpotEmulator>({
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
  retryAfterSeconds: 1,
});
