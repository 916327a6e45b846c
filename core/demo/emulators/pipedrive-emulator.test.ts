import { describe, expect, it } from 'vitest';
import { emulatorPerTest, jsonAnswer } from '../../testing/emulator-test-kit.ts';
import { waitFromHeaders } from '../../connectors/manifest/rate-limit-headers.ts';
import { builtInConnectors } from '../../connectors/presets/index.ts';
import { startPipedriveEmulator } from './pipedrive-emulator.ts';

// What the contract kit does not reach: Pipedrive's own wire details.

const token = 'pd-test-token';
const emulator = emulatorPerTest(startPipedriveEmulator);
const get = async (path: string, headers: Record<string, string> = { 'x-api-token': token }) =>
  jsonAnswer(await fetch(`${emulator.url()}${path}`, { headers }));

describe('the Pipedrive emulator', () => {
  it('takes the token in x-api-token or api_token, and answers 401 in its envelope without one', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed('persons', 2);
    expect((await get('/api/v2/persons')).body).toMatchObject({
      success: true,
      data: [{ id: 1 }, { id: 2 }],
    });
    expect((await get(`/api/v2/persons?api_token=${token}`, {})).status).toBe(200);
    const refused = await get('/api/v2/persons', { 'x-api-token': 'wrong' });
    expect(refused).toMatchObject({
      status: 401,
      body: { success: false, error: 'unauthorized access', errorCode: 401, data: null },
    });
  });

  it('pages by cursor up to 500 a page and refuses a larger limit', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed('organizations', 7);
    const first = await get('/api/v2/organizations?limit=5');
    expect(first.body.data).toHaveLength(5);
    const next = first.body.additional_data.next_cursor as string;
    const last = await get(`/api/v2/organizations?limit=5&cursor=${next}`);
    expect(last.body.data.map((o: { id: number }) => o.id)).toEqual([6, 7]);
    expect(last.body.additional_data.next_cursor).toBeNull();
    expect(await get('/api/v2/organizations?limit=501')).toMatchObject({
      status: 400,
      body: { success: false, error: expect.stringContaining('between 1 and 500') },
    });
  });

  it('filters by updated_since (from that second on) sorted by update_time', async () => {
    const running = await emulator.start({ tokens: [token] });
    const seeded = running.store.seed('persons', 3);
    running.store.change('persons', 1, { name: 'Changed' });
    const since = seeded[2]!.update_time;
    const { body } = await get(
      `/api/v2/persons?updated_since=${since}&sort_by=update_time&sort_direction=asc`,
    );
    expect(body.data.map((p: { id: number }) => p.id)).toEqual([3, 1]);
  });

  it('lists a deleted deal only when deleted deals are asked for; a deleted person answers 404', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed('deals', 2);
    running.store.seed('persons', 1);
    running.store.remove('deals', 1);
    running.store.remove('persons', 3);
    expect((await get('/api/v2/deals')).body.data.map((d: { id: number }) => d.id)).toEqual([2]);
    const all = await get('/api/v2/deals?status=open,won,lost,deleted');
    expect(all.body.data.find((d: { id: number }) => d.id === 1)).toMatchObject({
      status: 'deleted',
      is_deleted: true,
    });
    expect((await get('/api/v2/deals/1')).status).toBe(404);
    expect((await get('/api/v2/persons')).body.data).toEqual([]);
    expect(await get('/api/v2/persons/3')).toMatchObject({
      status: 404,
      body: { error: 'Person not found' },
    });
  });

  it('searches persons by exact email', async () => {
    const running = await emulator.start({ tokens: [token] });
    running.store.seed('persons', 3);
    const { body } = await get(
      '/api/v2/persons/search?term=PERSON2@example.com&fields=email&exact_match=true',
    );
    expect(body.data.items).toEqual([{ result_score: 1, item: expect.objectContaining({ id: 2 }) }]);
  });

  it('sends its rate headers, and a 429 with Retry-After past the 2-second burst limit', async () => {
    const running = await emulator.start({ tokens: [token], rateLimit: { requests: 2, perMs: 2000 } });
    const first = await get('/api/v2/persons');
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('x-ratelimit-reset')).toBe('2');
    await get('/api/v2/persons');
    const limited = await get('/api/v2/persons');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body).toMatchObject({ success: false, errorCode: 429 });
    expect(running.stats.answered429).toBe(1);
  });

  it("answers headers the preset's rateLimit.headers read: a pause until the reset when one request is left", async () => {
    await emulator.start({ tokens: [token], rateLimit: { requests: 3, perMs: 2000 } });
    const spec = builtInConnectors.find((c) => c.manifest.id === 'pipedrive')!.manifest.rateLimit!.headers;
    const headersOf = async () => Object.fromEntries((await get('/api/v2/persons')).headers.entries());
    expect(waitFromHeaders(spec, await headersOf(), new Date())).toBeUndefined(); // 2 left
    expect(waitFromHeaders(spec, await headersOf(), new Date())).toBe(2000); // 1 left: wait out the window
  });
});
