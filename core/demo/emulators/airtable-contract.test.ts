import { connectorContract } from '../../testing/connector-contract-kit.ts';
import { startAirtableEmulator, type AirtableEmulator } from './airtable-emulator.ts';

// The Airtable preset against the Airtable emulator: the records of one table, written in
// upserts of at most 10 by the match field. The emulator's 5-a-second limit is raised here
// (its 30-second cool-down has its own test); its 429s come from the fault switch.

const token = 'patContractToken.0123456789abcdef';
const baseId = 'appContractBase01';

connectorContract<AirtableEmulator>({
  name: 'Airtable',
  connectorId: 'airtable',
  start: async () => {
    const emulator = await startAirtableEmulator({ tokens: [token], baseId, perSecond: 100_000 });
    return { emulator, secret: token, config: { baseId, table: 'Contacts' } };
  },
  entity: 'records',
  seed: (emulator, count) => void emulator.store.seed(count),
  pages: { records: 250, pages: 3 },
  changeAtSource: (emulator, seen) => {
    const picked = [seen[4]!.id, seen[17]!.id];
    for (const id of picked) emulator.store.write(id, { Company: 'Changed at the source' });
    return picked;
  },
  newRecord: (n) => ({
    key: `new${n}@example.com`,
    record: { Email: `new${n}@example.com`, Name: `New ${n}` },
  }),
  writes: 'batch',
  update: {
    record: { Email: 'new2@example.com', Phone: '+44 20 7946 0000', Amount: 12.5 },
    atSource: (emulator, id) => {
      const { Name, Phone, Amount } = emulator.store.records.get(id)!.fields;
      return { Name, Phone, Amount };
    },
    expected: { Name: 'New 2', Phone: '+44 20 7946 0000', Amount: 12.5 },
  },
  invalid: {
    key: 'lots@example.com',
    record: { Email: 'lots@example.com', Amount: 'lots' },
    message: 'Field "Amount" cannot accept the provided value',
  },
  retryAfterSeconds: 30,
  deletion: { remove: (emulator, id) => void emulator.store.records.delete(id), seen: 'gone' },
});
