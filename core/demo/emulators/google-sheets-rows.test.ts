import { describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../connectors/http/node-http-client.ts';
import { createManifestConnector } from '../../connectors/manifest/manifest-connector.ts';
import { builtInConnectors } from '../../connectors/presets/index.ts';
import { SyncError } from '../../reliability/error-classes.ts';
import { emulatorPerTest } from '../../testing/emulator-test-kit.ts';
import { startGoogleSheetsEmulator, type GoogleSheetsEmulator } from './google-sheets-emulator.ts';

// The header-row adapter through the Google Sheets preset, on what the contract kit does
// not reach: rows that cannot be told apart, a field the sheet has no column for, and a
// sheet title that needs quoting in A1 notation.

const token = 'ya29.rows-test';
const manifest = builtInConnectors.find((c) => c.manifest.id === 'google-sheets')!.manifest;
const emulator = emulatorPerTest(startGoogleSheetsEmulator);

function connectorFor(running: GoogleSheetsEmulator) {
  return createManifestConnector({
    manifest,
    appName: 'Google Sheets',
    config: {
      baseUrl: running.url,
      spreadsheetId: running.store.spreadsheetId,
      sheet: running.sheet,
      keyColumn: 'SKU',
    },
    secret: async () => token,
    send: createNodeHttpClient({ timeoutMs: 10_000 }).send,
    now: () => new Date(),
  });
}

describe('Google Sheets rows through the header-row adapter', () => {
  it('sets aside a row without a key and a row repeating a key, each with its row number, and reads the rest', async () => {
    const running = await emulator.start({ tokens: [token], sheet: "Bob's prices" });
    running.store.seed(running.sheet, [
      { SKU: 'A-1', Name: 'Mug' },
      { SKU: '', Name: 'Nameless' },
      { SKU: 'a-1', Name: 'Twin' },
      { SKU: 'B-2', Name: 'Cup' },
    ]);
    const page = await connectorFor(running).readPage('rows', '1970-01-01T00:00:00.000Z', undefined);
    expect(page.records.map((r) => [r.id, r.fields.Name])).toEqual([
      ['A-1', 'Mug'],
      ['B-2', 'Cup'],
    ]);
    expect(page.rejected?.map((r) => r.message)).toEqual([
      'Row 3 has no "SKU" (the sheet\'s key column): fill it in so Patchbay can tell this row from the others.',
      'Row 4 has the same "SKU" as row 2 (a-1): make it unique.',
    ]);
    expect(page.next).toBeUndefined();
  });

  it('fails alone a record with a field the sheet has no column for, and writes the others of its batch', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed(running.sheet, [{ SKU: 'A-1', Name: 'Mug', Price: '7' }]);
    const ids = await connectorFor(running).batchUpsert('rows', [
      { key: 'A-1', record: { SKU: 'A-1', Price: '8' } },
      { key: 'C-3', record: { SKU: 'C-3', Colour: 'red' } },
      { key: 'D-4', record: { SKU: 'D-4', Name: 'Plate' } },
    ]);
    expect(ids.get('a-1')).toBe('A-1');
    expect(ids.get('d-4')).toBe('D-4');
    const refused = ids.get('c-3') as SyncError;
    expect(refused).toBeInstanceOf(SyncError);
    expect(refused.detail).toContain('The sheet has no column "Colour"');
    expect(running.store.grid(running.sheet).slice(1)).toEqual([
      ['A-1', 'Mug', '8', ''],
      ['D-4', 'Plate', '', ''],
    ]);
  });
});
