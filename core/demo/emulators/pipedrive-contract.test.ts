import { connectorContract, type ContractApp } from '../../testing/connector-contract-kit.ts';
import { startPipedriveEmulator, type PipedriveEmulator, type PipedriveKind } from './pipedrive-emulator.ts';

// The Pipedrive preset against the Pipedrive emulator, one contract per entity.

const token = 'pd-contract-token-0001';
type Own = 'pages' | 'newRecord' | 'update' | 'invalid';

/** What every Pipedrive entity shares: the emulator, seeding, a change at the source, deletion. */
function pipedrive(
  kind: PipedriveKind,
  changed: Record<string, unknown>,
  own: Pick<ContractApp<PipedriveEmulator>, Own>,
): ContractApp<PipedriveEmulator> {
  return {
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
    entity: kind,
    seed: (emulator, count) => void emulator.store.seed(kind, count),
    changeAtSource: (emulator) => {
      const ids = [...emulator.store.items[kind].keys()];
      const picked = [ids[4]!, ids[17]!];
      for (const id of picked) emulator.store.change(kind, id, changed);
      return picked.map(String);
    },
    writes: 'single',
    retryAfterSeconds: 1,
    // A deleted deal is listed again as status "deleted" (the list asks for deleted deals); the others are gone.
    deletion: {
      remove: (emulator, id) => emulator.store.remove(kind, Number(id)),
      seen: kind === 'deals' ? { field: 'status', value: 'deleted' } : 'gone',
    },
    ...own,
  };
}

const fieldsOf = (emulator: PipedriveEmulator, kind: PipedriveKind, id: string, names: string[]) => {
  const item = emulator.store.items[kind].get(Number(id))!;
  return Object.fromEntries(names.map((n) => [n, item[n]]));
};
const phones = [{ value: '+44 20 7946 0000', primary: true, label: 'work' }];

connectorContract(
  pipedrive(
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
        atSource: (emulator, id) => fieldsOf(emulator, 'persons', id, ['name', 'phones']),
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
  pipedrive(
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
        atSource: (emulator, id) => fieldsOf(emulator, 'deals', id, ['status', 'value']),
        expected: { status: 'lost', value: 50 },
      },
      invalid: { key: 'No title', record: { value: 10 }, message: "Parameter 'title' is required" },
    },
  ),
);

connectorContract(
  pipedrive(
    'organizations',
    { address: '1 New Street' },
    {
      pages: { records: 501, pages: 2 },
      newRecord: (n) => ({ key: `Org new ${n}`, record: { name: `Org new ${n}` } }),
      update: {
        record: { address: '2 Other Road' },
        atSource: (emulator, id) => fieldsOf(emulator, 'organizations', id, ['address']),
        expected: { address: '2 Other Road' },
      },
      invalid: { key: 'Nameless', record: { address: 'Somewhere' }, message: "Parameter 'name' is required" },
    },
  ),
);
