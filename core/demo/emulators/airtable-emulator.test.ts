import { describe, expect, it } from 'vitest';
import { emulatorPerTest, jsonAnswer } from '../../testing/emulator-test-kit.ts';
import { formulaString } from '../../connectors/manifest/template.ts';
import { startAirtableEmulator } from './airtable-emulator.ts';

// What the contract kit does not reach: Airtable's own wire details.

const token = 'patEmulatorTest.0001';
const table = '/v0/appPatchbayDemo01/Contacts';
const emulator = emulatorPerTest(startAirtableEmulator);
const call = async (path: string, init: RequestInit = {}, secret = token) =>
  jsonAnswer(
    await fetch(`${emulator.url()}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    }),
  );
const send = (method: string, path: string, body: object) =>
  call(path, { method, body: JSON.stringify(body) });
const formula = (text: string) => `${table}?filterByFormula=${encodeURIComponent(text)}`;

describe('the Airtable emulator', () => {
  it("answers 401, 403 and 404 in Airtable's shapes", async () => {
    await emulator.start({ tokens: [token] });
    expect(await call(table, {}, 'patWrong')).toMatchObject({
      status: 401,
      body: { error: { type: 'AUTHENTICATION_REQUIRED' } },
    });
    expect(await call('/v0/appOtherBase0001/Contacts')).toMatchObject({
      status: 403,
      body: { error: { type: 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND' } },
    });
    expect(await call(`${table}/recNothingHere01`)).toMatchObject({
      status: 404,
      body: { error: 'NOT_FOUND' },
    });
    expect((await call(`${table}?pageSize=101`)).status).toBe(422);
  });

  it('finds a record by a formula whose value holds quotes, escaped as the preset escapes it', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.write(undefined, { Email: "o'brien@example.com", Name: 'Quote' });
    running.store.write(undefined, { Email: 'plain@example.com', Name: 'Plain' });
    const found = await call(formula(`{Email}='${formulaString("o'brien@example.com")}'`));
    expect(found.body.records.map((r: { fields: { Name: string } }) => r.fields.Name)).toEqual(['Quote']);
    // Unescaped, the quote ends the string and the formula no longer parses.
    expect(await call(formula("{Email}='o'brien@example.com'"))).toMatchObject({
      status: 422,
      body: { error: { type: 'INVALID_FILTER_BY_FORMULA' } },
    });
    expect(await call(formula('NOPE({Email})'))).toMatchObject({
      status: 422,
      body: { error: { message: expect.stringContaining('Unknown function names: NOPE') } },
    });
  });

  it('writes at most 10 records a request; an upsert merges on its field and says what it created and updated', async () => {
    const running = await emulator.start({ tokens: [token] });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ fields: { Email: `p${i}@example.com` } }));
    expect((await send('POST', table, { records: eleven })).status).toBe(422);
    expect(running.store.records.size).toBe(0);
    const existing = running.store.write(undefined, { Email: 'p1@example.com', Name: 'Old' });
    const upsert = await send('PATCH', table, {
      performUpsert: { fieldsToMergeOn: ['Email'] },
      records: [
        { fields: { Email: 'p1@example.com', Name: 'New' } },
        { fields: { Email: 'p2@example.com' } },
      ],
    });
    expect(upsert.status).toBe(200);
    expect(upsert.body.updatedRecords).toEqual([existing.id]);
    expect(upsert.body.createdRecords).toHaveLength(1);
    expect(upsert.body.records[0]).toMatchObject({ id: existing.id, fields: { Name: 'New' } });
    expect(running.store.records.size).toBe(2);
    // A refused record refuses the whole request: nothing is written.
    const refused = await send('PATCH', table, {
      performUpsert: { fieldsToMergeOn: ['Email'] },
      records: [
        { fields: { Email: 'p3@example.com' } },
        { fields: { Email: 'p4@example.com', Amount: 'many' } },
      ],
    });
    expect(refused).toMatchObject({
      status: 422,
      body: {
        error: {
          type: 'INVALID_VALUE_FOR_COLUMN',
          message: 'Field "Amount" cannot accept the provided value',
        },
      },
    });
    expect(running.store.records.size).toBe(2);
  });

  it('refuses every request for the cool-down once a base passes 5 a second, then answers again', async () => {
    let now = 1_000_000;
    await emulator.start({ tokens: [token], coolDownMs: 30_000, now: () => now });
    for (let i = 0; i < 5; i++) expect((await call(table)).status).toBe(200);
    expect(await call(table)).toMatchObject({ status: 429, body: { error: { type: 'TOO_MANY_REQUESTS' } } });
    now += 1_500; // a new second, but the base is still cooling down
    expect((await call(table)).status).toBe(429);
    now += 29_000;
    expect((await call(table)).status).toBe(200);
  });
});
