import { connectorContract } from '../../testing/connector-contract-kit.ts';
import { startGoogleSheetsEmulator, type GoogleSheetsEmulator } from './google-sheets-emulator.ts';

// The Google Sheets preset against the Google Sheets emulator: the rows of one sheet, the
// header row as field names, written in batches by the key column (SKU). Sheets has no
// changed-since filter, so the contract's incremental case becomes "a full read shows
// the change". Its per-minute quota is raised here; its 429s come from the fault switch.

const token = 'ya29.contract-access-token';
/** A record's id is its key (SKU); the emulator keeps rows by number. */
const rowOf = (emulator: GoogleSheetsEmulator, sku: string) =>
  emulator.store.rowOf(emulator.sheet, 'SKU', sku);
const spreadsheetId = '1ContractSheet00000000000000000000000000000';

connectorContract<GoogleSheetsEmulator>({
  name: 'Google Sheets',
  connectorId: 'google-sheets',
  start: async () => {
    const emulator = await startGoogleSheetsEmulator({
      tokens: [token],
      spreadsheetId,
      perMinute: 1_000_000,
    });
    return { emulator, secret: token, config: { spreadsheetId, sheet: emulator.sheet, keyColumn: 'SKU' } };
  },
  entity: 'rows',
  fullReadsOnly: true,
  seed: (emulator, count) =>
    emulator.store.seed(
      emulator.sheet,
      Array.from({ length: count }, (_, i) => ({
        SKU: `SKU-${i + 1}`,
        Name: `Product ${i + 1}`,
        Price: '10',
      })),
    ),
  // One request reads the whole sheet.
  pages: { records: 1_200, pages: 1 },
  changeAtSource: (emulator, seen) => {
    const picked = [seen[4]!.id, seen[17]!.id];
    for (const id of picked) emulator.store.set(emulator.sheet, rowOf(emulator, id), { Price: '12.50' });
    return picked;
  },
  newRecord: (n) => ({ key: `NEW-${n}`, record: { SKU: `NEW-${n}`, Name: `New ${n}`, Price: '5' } }),
  writes: 'batch',
  update: {
    record: { SKU: 'NEW-2', Price: '9.99', Email: 'buyer@example.com' },
    atSource: (emulator, id) => emulator.store.row(emulator.sheet, rowOf(emulator, id)),
    expected: { SKU: 'NEW-2', Name: 'New 2', Price: '9.99', Email: 'buyer@example.com' },
  },
  invalid: {
    key: 'LONG-1',
    record: { SKU: 'LONG-1', Name: 'x'.repeat(50_001) },
    message: 'Your input contains more than the maximum of 50000 characters in a single cell.',
  },
  // A row cleared at the source is no record any more.
  deletion: {
    remove: (emulator, id) =>
      emulator.store.set(emulator.sheet, rowOf(emulator, id), { SKU: '', Name: '', Price: '', Email: '' }),
    seen: 'gone',
  },
});
