import {
  connectorContract,
  fieldsAtSource,
  storeEntityApp,
  type StoreApp,
} from '../../testing/connector-contract-kit.ts';
import { startPipedriveEmulator, type PipedriveEmulator, type PipedriveKind } from './pipedrive-emulator.ts';

// The Pipedrive preset against the Pipedrive emulator, one contract per entity.

const token = 'pd-contract-token-0001';
const pipedrive: StoreApp<PipedriveKind, PipedriveEmulator> = {
  name: 'Pipedrive',
  connectorId: 'pipedrive',
  start: async () => ({
    emulator: await startPipedriveEmulator({
      tokens: [token],
      rateLimit: { requests: 100_000, perMs: 2000 },
    }),
    secret: token,
    config: { companyDomain: 'acme' },
  }),
  retryAfterSeconds: 1,
  // A deleted deal is listed again as status "deleted" (the list asks for deleted deals), declared by the
  // preset; deleted persons and organizations are gone, and no polling API shows them (the preset's notes).
  deletionSeen: (kind) => (kind === 'deals' ? { field: 'status', value: 'deleted' } : 'gone'),
};
const phones = [{ value: '+44 20 7946 0000', primary: true, label: 'work' }];

connectorContract(
  storeEntityApp(
    pipedrive,
    'persons',
    { name: 'Changed at the source' },
    {
      pages: { records: 1_100, pages: 3 },
      newRecord: (n) => ({
        key: `new${n}@example.com`,
        record: {
          name: `New ${n}`,
          emails: [{ value: `new${n}@example.com`, primary: true, label: 'work' }],
        },
      }),
      update: {
        record: { name: 'Jo Renamed', phones },
        atSource: (emulator, id) => fieldsAtSource(emulator.store, 'persons', id, ['name', 'phones']),
        expected: { name: 'Jo Renamed', phones },
      },
      invalid: {
        key: 'broken@example',
        record: { name: 'Broken', emails: [{ value: 'broken@example', primary: true, label: 'work' }] },
        message: "'broken@example' is not a valid email address",
      },
    },
  ),
);

connectorContract(
  storeEntityApp(
    pipedrive,
    'deals',
    { status: 'won' },
    {
      pages: { records: 600, pages: 2 },
      newRecord: (n) => ({
        key: `Deal new ${n}`,
        record: { title: `Deal new ${n}`, value: 1200, currency: 'EUR' },
      }),
      update: {
        record: { status: 'lost', value: 50 },
        atSource: (emulator, id) => fieldsAtSource(emulator.store, 'deals', id, ['status', 'value']),
        expected: { status: 'lost', value: 50 },
      },
      invalid: { key: 'No title', record: { value: 10 }, message: "Parameter 'title' is required" },
    },
  ),
);

connectorContract(
  storeEntityApp(
    pipedrive,
    'organizations',
    { address: '1 New Street' },
    {
      pages: { records: 501, pages: 2 },
      newRecord: (n) => ({ key: `Org new ${n}`, record: { name: `Org new ${n}` } }),
      update: {
        record: { address: '2 Other Road' },
        atSource: (emulator, id) => fieldsAtSource(emulator.store, 'organizations', id, ['address']),
        expected: { address: '2 Other Road' },
      },
      invalid: { key: 'Nameless', record: { address: 'Somewhere' }, message: "Parameter 'name' is required" },
    },
  ),
);
