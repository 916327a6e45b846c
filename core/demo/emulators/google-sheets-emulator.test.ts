import { describe, expect, it } from 'vitest';
import { emulatorPerTest, jsonAnswer } from '../../testing/emulator-test-kit.ts';
import { startGoogleSheetsEmulator } from './google-sheets-emulator.ts';

// What the contract kit does not reach: the Sheets API's own wire details.

const token = 'ya29.emulator-test';
const id = '1EmulatorTestSheet000000000000000000000000';
const values = `/v4/spreadsheets/${id}/values`;
const priceList = encodeURIComponent("'Price list'");
const emulator = emulatorPerTest(startGoogleSheetsEmulator);
const call = async (path: string, init: RequestInit = {}, secret = token) =>
  jsonAnswer(
    await fetch(`${emulator.url()}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    }),
  );
const post = (path: string, body: object) => call(path, { method: 'POST', body: JSON.stringify(body) });
const append = (rows: unknown[][]) =>
  post(`${values}/${priceList}:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS`, {
    values: rows,
  });

describe('the Google Sheets emulator', () => {
  it('answers errors as {error: {code, message, status}}, and leaves `values` out of an empty range', async () => {
    await emulator.start({ tokens: [token], spreadsheetId: id, header: [] });
    expect(await call(`${values}/${priceList}`, {}, 'ya29.wrong')).toMatchObject({
      status: 401,
      body: { error: { code: 401, status: 'UNAUTHENTICATED' } },
    });
    expect(await call(`/v4/spreadsheets/1Other/values/${priceList}`)).toMatchObject({
      status: 404,
      body: { error: { status: 'NOT_FOUND', message: 'Requested entity was not found.' } },
    });
    expect(await call(`${values}/${encodeURIComponent("'No such tab'!A1")}`)).toMatchObject({
      status: 400,
      body: { error: { status: 'INVALID_ARGUMENT', message: "Unable to parse range: 'No such tab'!A1" } },
    });
    const empty = await call(`${values}/${priceList}`);
    expect(empty.body).toMatchObject({
      range: expect.stringMatching(/^'Price list'!A1:/),
      majorDimension: 'ROWS',
    });
    expect(empty.body.values).toBeUndefined();
  });

  it('reads a range that ends at a row up to that row: row 1 alone is the header row', async () => {
    const running = await emulator.start({ tokens: [token], spreadsheetId: id, header: ['handle', 'price'] });
    running.store.seed(running.sheet, [
      { handle: 'mug', price: '14.00' },
      { handle: 'cup', price: '9.00' },
    ]);
    expect((await call(`${values}/${priceList}!1:1`)).body).toEqual({
      range: "'Price list'!A1:Z1",
      majorDimension: 'ROWS',
      values: [['handle', 'price']],
    });
    expect((await call(`${values}/${priceList}!A2:B3`)).body.values).toEqual([
      ['mug', '14.00'],
      ['cup', '9.00'],
    ]);
    expect((await call(`${values}/${priceList}!3:2`)).status).toBe(400);
  });

  it('appends after the last row, twice when asked twice (an append is not idempotent), and needs valueInputOption', async () => {
    const running = await emulator.start({ tokens: [token], spreadsheetId: id });
    const first = await append([['A-1', 'Mug', 7, true]]);
    expect(first.body).toMatchObject({
      tableRange: "'Price list'!A1:D1",
      updates: { updatedRange: "'Price list'!A2:D2", updatedRows: 1, updatedCells: 4 },
    });
    await append([['A-1', 'Mug', 7, true]]);
    expect(running.store.grid('Price list').slice(1)).toEqual([
      ['A-1', 'Mug', '7', 'TRUE'],
      ['A-1', 'Mug', '7', 'TRUE'],
    ]);
    expect(await post(`${values}/${priceList}:append`, { values: [['x']] })).toMatchObject({
      status: 400,
      body: { error: { message: "'valueInputOption' is required but not specified" } },
    });
  });

  it('writes a batch of ranges all or nothing', async () => {
    const running = await emulator.start({ tokens: [token], spreadsheetId: id });
    await append([['A-1', 'Mug', '7']]);
    const refused = await post(`${values}:batchUpdate`, {
      valueInputOption: 'RAW',
      data: [
        { range: "'Price list'!A2:C2", values: [['A-1', 'Cup', '8']] },
        { range: "'Price list'!A3:C3", values: [['B-2', 'y'.repeat(50_001), '1']] },
      ],
    });
    expect(refused).toMatchObject({ status: 400, body: { error: { status: 'INVALID_ARGUMENT' } } });
    expect(running.store.row('Price list', 2)).toMatchObject({ Name: 'Mug' });
    const done = await post(`${values}:batchUpdate`, {
      valueInputOption: 'RAW',
      data: [{ range: "'Price list'!A2:C2", values: [['A-1', 'Cup', '8']] }],
    });
    expect(done.body).toMatchObject({
      totalUpdatedRows: 1,
      responses: [{ updatedRange: "'Price list'!A2:C2" }],
    });
    expect(running.store.row('Price list', 2)).toMatchObject({ Name: 'Cup', Price: '8' });
  });

  it('counts reads and writes a minute apart, answers 429 RESOURCE_EXHAUSTED past the quota, and refills each minute', async () => {
    let now = 60_000 * 1000;
    await emulator.start({ tokens: [token], spreadsheetId: id, perMinute: 3, now: () => now });
    for (let i = 0; i < 3; i++) expect((await call(`${values}/${priceList}`)).status).toBe(200);
    expect(await call(`${values}/${priceList}`)).toMatchObject({
      status: 429,
      body: {
        error: {
          status: 'RESOURCE_EXHAUSTED',
          message: expect.stringContaining("'Read requests per minute per user'"),
        },
      },
    });
    expect((await append([['W-1']])).status).toBe(200); // writes have their own quota
    now += 60_000;
    expect((await call(`${values}/${priceList}`)).status).toBe(200);
  });
});
