import { afterEach, expect, it } from 'vitest';
import { clientFor } from '../../host/core-client.ts';
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import { openTestCore, type TestCore } from '../../testing/temp-workspace.ts';
import { visitInBrowser } from '../../testing/oauth-test-kit.ts';
import { startSignedInSheets, type GoogleSheetsEmulator } from './google-sheets-emulator.ts';
import type { OAuthEmulator } from './oauth-emulator.ts';

// A sheet's columns are its header row: the flow editor asks `apps.entities`, which reads
// row 1 alone from the values API (the emulator over HTTP), as a folder's files offer
// their header rows. The catalogue says the columns come from the app.

let t: TestCore | undefined;
let sheets: GoogleSheetsEmulator | undefined;
let google: OAuthEmulator | undefined;
afterEach(async () => {
  await Promise.all([sheets?.close(), google?.close()]);
  t?.dispose();
  t = sheets = google = undefined;
});

/** A sheet with this header row, and its app signed in through the browser as Google does it. */
async function sheetApp(header: string[]) {
  ({ google, sheets } = await startSignedInSheets(
    { id: 'patchbay-sheets', secret: 'desktop-client-secret' },
    { sheet: "Ali's price list", header },
  ));
  const oauth = google;
  t = openTestCore({ secrets: new InMemorySecretStore() });
  const api = clientFor(t.core);
  const app = await api.call('apps.create', {
    name: 'Price list',
    connector: {
      preset: 'google-sheets',
      config: {
        baseUrl: sheets.url,
        spreadsheetId: sheets.store.spreadsheetId,
        sheet: sheets.sheet,
        keyColumn: 'handle',
        clientId: 'patchbay-sheets',
        authorizeUrl: oauth.authorizeUrl,
        tokenUrl: oauth.tokenUrl,
      },
    },
  });
  await api.call('secrets.set', { appId: app.id, value: 'desktop-client-secret' });
  const finished = new Promise((resolve) =>
    t!.core.onEvent((event) => event.name === 'oauth.finished' && resolve(event.payload)),
  );
  await visitInBrowser((await api.call('oauth.start', { appId: app.id })).authorizeUrl);
  expect(await finished).toMatchObject({ ok: true });
  return { api, app };
}

it("offers the header row's columns as the rows' fields, read from row 1 alone, and follows the sheet when a column is added", async () => {
  const { api, app } = await sheetApp(['handle', 'title', '', 'price', 'handle']);
  // Thousands of rows below the header are not what the editor needs: only row 1 is asked for.
  sheets!.store.seed(sheets!.sheet, [{ handle: 'mug', title: 'Mug', price: '14.00' }]);
  const catalogue = await api.call('connectors.list');
  const listed = catalogue.find((c) => c.id === 'google-sheets')!.entities[0]!;
  expect(listed).toMatchObject({ name: 'rows', fields: [], fieldsFromApp: true });

  const [rows] = await api.call('apps.entities', { id: app.id });
  // A blank header cell names no column; a repeated name is one column.
  expect(rows).toMatchObject({ name: 'rows', fieldsFromApp: true });
  expect(rows!.fields).toEqual([
    { name: 'handle', label: 'handle' },
    { name: 'title', label: 'title' },
    { name: 'price', label: 'price' },
  ]);

  sheets!.store.grid(sheets!.sheet)[0]!.push('sku');
  const [again] = await api.call('apps.entities', { id: 'Price list' });
  expect(again!.fields.map((f) => f.name)).toEqual(['handle', 'title', 'price', 'sku']);
});

it('an empty sheet has no columns yet, and a sheet that refuses the sign-in says so in words', async () => {
  const { api, app } = await sheetApp([]);
  expect((await api.call('apps.entities', { id: app.id }))[0]!.fields).toEqual([]);

  // The person disconnected Patchbay in their Google account: the columns cannot be read.
  google!.revokeGrants();
  await expect(api.call('apps.entities', { id: app.id })).rejects.toThrow(/Connect Price list again/);
});
