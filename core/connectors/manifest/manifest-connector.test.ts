import { describe, expect, it } from 'vitest';
import { SyncError } from '../../reliability/error-classes.ts';
import { createNodeHttpClient } from '../http/node-http-client.ts';
import { createManifestConnector } from './manifest-connector.ts';
import {
  connect,
  itemsManifest,
  readAll,
  sampleItems,
  serverPerTest,
} from '../../testing/connector-test-kit.ts';

// The interpreter against small real HTTP servers: every pagination kind, where the
// records sit, every auth style, the incremental filter, reads by id and lookups.
// Writes: manifest-connector-writes.test.ts; presets against emulators and the
// reliability wiring: manifest-connector-presets.test.ts.

const { serve, current } = serverPerTest();

const items = sampleItems(7);
const listOf = (list: Record<string, unknown>) => itemsManifest({ list });
const ids = (records: { id: string }[]) => records.map((r) => r.id);
const all = ['1', '2', '3', '4', '5', '6', '7'];

describe('pagination', () => {
  it('page number: asks for page 1, 2, 3 until a short page', async () => {
    const s = await serve(({ query }) => {
      const per = Number(query.get('per_page'));
      const page = Number(query.get('page'));
      return { body: { items: items.slice((page - 1) * per, page * per) } };
    });
    const manifest = listOf({
      path: '/items',
      recordsPath: 'items',
      pageSize: { param: 'per_page', value: 3 },
      pagination: { type: 'page_number', param: 'page' },
    });
    const { records, pages } = await readAll(connect(manifest, s.url), 'items');
    expect(ids(records)).toEqual(all);
    expect(pages).toBe(3);
    expect(s.requests.map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
  });

  it('page number from 0, without a page size: stops at the first empty page', async () => {
    const s = await serve(({ query }) => {
      const page = Number(query.get('p'));
      return { body: { items: items.slice(page * 4, page * 4 + 4) } };
    });
    const manifest = listOf({
      path: '/items',
      recordsPath: 'items',
      pagination: { type: 'page_number', param: 'p', startAt: 0 },
    });
    expect(ids((await readAll(connect(manifest, s.url), 'items')).records)).toEqual(all);
    expect(s.requests.map((r) => r.query.get('p'))).toEqual(['0', '1', '2']);
  });

  it('offset + limit: moves the offset by the records read', async () => {
    const s = await serve(({ query }) => {
      const offset = Number(query.get('offset'));
      return { body: { members: items.slice(offset, offset + Number(query.get('count'))), total_items: 7 } };
    });
    const manifest = listOf({
      path: '/members',
      recordsPath: 'members',
      pageSize: { param: 'count', value: 3 },
      pagination: { type: 'offset', param: 'offset' },
    });
    expect(ids((await readAll(connect(manifest, s.url), 'items')).records)).toEqual(all);
    expect(s.requests.map((r) => [r.query.get('offset'), r.query.get('count')])).toEqual([
      ['0', '3'],
      ['3', '3'],
      ['6', '3'],
    ]);
  });

  it('cursor from the body, sent back in the query, records at a nested path', async () => {
    const s = await serve(({ query }) => {
      const from = Number(Buffer.from(query.get('cursor') ?? 'MA==', 'base64').toString());
      const next = from + 3 < items.length ? Buffer.from(String(from + 3)).toString('base64') : null;
      return { body: { data: { records: items.slice(from, from + 3) }, meta: { next } } };
    });
    const manifest = listOf({
      path: '/items',
      recordsPath: 'data.records',
      pagination: { type: 'cursor', cursorPath: 'meta.next', param: 'cursor' },
    });
    expect(ids((await readAll(connect(manifest, s.url), 'items')).records)).toEqual(all);
    expect(s.requests.map((r) => r.query.get('cursor'))).toEqual([null, 'Mw==', 'Ng==']);
  });

  it('cursor in a POST body, beside the fixed search body and the page size', async () => {
    const s = await serve(({ body }) => {
      const { after = '0', limit } = JSON.parse(body) as { after?: string; limit: number };
      const from = Number(after);
      const more = from + limit < items.length;
      return {
        body: {
          results: items.slice(from, from + limit),
          ...(more ? { paging: { next: { after: String(from + limit) } } } : {}),
        },
      };
    });
    const manifest = listOf({
      method: 'POST',
      path: '/items/search',
      body: { sorts: [{ propertyName: 'id', direction: 'ASCENDING' }] },
      recordsPath: 'results',
      pageSize: { param: 'limit', value: 3, in: 'body' },
      pagination: { type: 'cursor', cursorPath: 'paging.next.after', param: 'after', in: 'body' },
    });
    expect(ids((await readAll(connect(manifest, s.url), 'items')).records)).toEqual(all);
    expect(s.requests.map((r) => JSON.parse(r.body))).toEqual([
      { sorts: [{ propertyName: 'id', direction: 'ASCENDING' }], limit: 3 },
      { sorts: [{ propertyName: 'id', direction: 'ASCENDING' }], limit: 3, after: '3' },
      { sorts: [{ propertyName: 'id', direction: 'ASCENDING' }], limit: 3, after: '6' },
    ]);
    expect(
      s.requests.every((r) => r.method === 'POST' && r.headers['content-type'] === 'application/json'),
    ).toBe(true);
  });

  it('Link header rel="next", records as the whole answer, the API key kept on every page', async () => {
    const s = await serve(({ query }) => {
      const from = Number(query.get('page_info') ?? 0);
      const limit = Number(query.get('limit'));
      const link = (at: number, rel: string) =>
        `<${current().url}/customers.json?limit=${limit}&page_info=${at}>; rel="${rel}"`;
      const links = [
        ...(from > 0 ? [link(from - limit, 'previous')] : []),
        ...(from + limit < items.length ? [link(from + limit, 'next')] : []),
      ];
      const headers: Record<string, string> = links.length ? { link: links.join(', ') } : {};
      return { body: items.slice(from, from + limit), headers };
    });
    const manifest = itemsManifest(
      {
        list: {
          path: '/customers.json',
          query: { status: 'enabled' },
          recordsPath: '',
          pageSize: { param: 'limit', value: 3 },
          pagination: { type: 'link_header' },
        },
      },
      { auth: { type: 'api_key', in: 'query', name: 'access_token' } },
    );
    expect(ids((await readAll(connect(manifest, s.url, 'shpat_123'), 'items')).records)).toEqual(all);
    expect(s.requests.map((r) => Object.fromEntries(r.query))).toEqual([
      { status: 'enabled', limit: '3', access_token: 'shpat_123' },
      { limit: '3', page_info: '3', access_token: 'shpat_123' },
      { limit: '3', page_info: '6', access_token: 'shpat_123' },
    ]);
  });

  it('Link header pointing at another server: refused, and the credentials are not sent there', async () => {
    const s = await serve(() => ({
      body: items.slice(0, 3),
      headers: { link: '<https://evil.example/x?page=2>; rel="next"' },
    }));
    const manifest = itemsManifest({
      list: { path: '/items', recordsPath: '', pagination: { type: 'link_header' } },
    });
    const connector = connect(manifest, s.url);
    const first = await connector.readPage('items', '1970-01-01T00:00:00.000Z', undefined);
    expect(first.next).toEqual(expect.objectContaining({ url: 'https://evil.example/x?page=2' }));
    const error = await connector
      .readPage('items', '1970-01-01T00:00:00.000Z', first.next)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).message).toContain('evil.example');
    expect(s.requests).toHaveLength(1);
  });

  it('last id: starting_after the last record while has_more', async () => {
    const newestFirst = [...items].reverse();
    const s = await serve(({ query }) => {
      const after = query.get('starting_after');
      const from = after ? newestFirst.findIndex((i) => String(i.id) === after) + 1 : 0;
      const limit = Number(query.get('limit'));
      return { body: { data: newestFirst.slice(from, from + limit), has_more: from + limit < items.length } };
    });
    const manifest = listOf({
      path: '/v1/things',
      recordsPath: 'data',
      pageSize: { param: 'limit', value: 3 },
      pagination: { type: 'last_id', param: 'starting_after', hasMorePath: 'has_more' },
    });
    expect(ids((await readAll(connect(manifest, s.url), 'items')).records)).toEqual([...all].reverse());
    expect(s.requests.map((r) => r.query.get('starting_after'))).toEqual([null, '5', '2']);
  });

  it('none: one request; an answer without the records array is refused as malformed', async () => {
    const s = await serve(({ path }) => ({ body: path === '/items' ? { rows: items } : { rows: 'oops' } }));
    const manifest = itemsManifest({
      list: { path: '/items', recordsPath: 'rows', pagination: { type: 'none' } },
    });
    const { records, pages } = await readAll(connect(manifest, s.url), 'items');
    expect([ids(records), pages]).toEqual([all, 1]);
    const broken = itemsManifest({
      list: { path: '/broken', recordsPath: 'rows', pagination: { type: 'none' } },
    });
    await expect(readAll(connect(broken, s.url), 'items')).rejects.toMatchObject({ errorClass: 'server' });
  });
});

describe('auth', () => {
  const list = { path: '/items', recordsPath: '', pagination: { type: 'none' } };
  const seenBy = async (auth: Record<string, unknown>, secret: string | null = 's3cr3t') => {
    const s = await serve(() => ({ body: [] }));
    await connect(itemsManifest({ list }, { auth }), s.url, secret).readPage('items', '', undefined);
    return s.requests[0]!;
  };

  it('API key in a header', async () => {
    const seen = await seenBy({ type: 'api_key', in: 'header', name: 'X-Api-Key' });
    expect(seen.headers['x-api-key']).toBe('s3cr3t');
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('API key in the query', async () => {
    expect((await seenBy({ type: 'api_key', in: 'query', name: 'api_token' })).query.get('api_token')).toBe(
      's3cr3t',
    );
  });

  it('bearer token', async () => {
    expect((await seenBy({ type: 'bearer' })).headers.authorization).toBe('Bearer s3cr3t');
  });

  it('basic, with the secret as the user or as the password', async () => {
    const asUser = await seenBy({ type: 'basic', username: '{{secret}}', password: '' });
    expect(asUser.headers.authorization).toBe(`Basic ${btoa('s3cr3t:')}`);
    await current().close();
    const asPassword = await seenBy({ type: 'basic', username: 'anystring', password: '{{secret}}' });
    expect(asPassword.headers.authorization).toBe(`Basic ${btoa('anystring:s3cr3t')}`);
  });

  it('basic, with a setting in the user name (Zendesk: "{{config.email}}/token"), read once', async () => {
    const s = await serve(() => ({ body: [] }));
    const manifest = itemsManifest(
      { list },
      {
        auth: { type: 'basic', username: '{{config.email}}/token', password: '{{secret}}' },
        settings: [{ name: 'email', label: 'Email' }],
      },
    );
    const connector = createManifestConnector({
      manifest,
      appName: 'Test API',
      config: { baseUrl: s.url, email: 'jo@example.com' },
      // A secret that looks like a template stays as it is.
      secret: async () => 'tok{{config.email}}',
      send: createNodeHttpClient({ timeoutMs: 10_000 }).send,
      now: () => new Date(),
    });
    await connector.readPage('items', '', undefined);
    expect(s.requests[0]!.headers.authorization).toBe(
      `Basic ${btoa('jo@example.com/token:tok{{config.email}}')}`,
    );
  });

  it('none sends no credentials, and needs no secret', async () => {
    const seen = await seenBy({ type: 'none' }, null);
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('a missing secret is an auth error, and nothing is sent', async () => {
    const s = await serve(() => ({ body: [] }));
    const connector = connect(itemsManifest({ list }), s.url, null);
    await expect(connector.readPage('items', '', undefined)).rejects.toMatchObject({
      errorClass: 'auth',
      action: 'Reconnect Test API: Apps → Test API → Credentials.',
    });
    expect(s.requests).toHaveLength(0);
  });

  it("an app's 401 becomes an auth error that does not carry the secret", async () => {
    const s = await serve(() => ({ status: 401, body: { message: 'This token is not valid.' } }));
    const error = await connect(itemsManifest({ list }), s.url)
      .readPage('items', '', undefined)
      .catch((e: unknown) => e as SyncError);
    expect(error).toMatchObject({ errorClass: 'auth', status: 401, detail: 'This token is not valid.' });
    expect(JSON.stringify((error as SyncError).toJSON())).not.toContain('test-secret');
  });
});

describe('incremental reads', () => {
  it('sends the cursor in the format the app reads, and normalises record cursors to ISO 8601', async () => {
    const s = await serve(() => ({
      body: { items: [{ id: 'a', attrs: { name: 'A', updated: 1_767_225_600 } }] },
    }));
    const manifest = itemsManifest({
      fieldsPath: 'attrs',
      list: {
        path: '/items',
        query: { 'updated[gte]': '{{cursor}}' },
        recordsPath: 'items',
        pagination: { type: 'none' },
      },
      incremental: { cursorField: 'updated', format: 'unix_seconds' },
    });
    const page = await connect(manifest, s.url).readPage('items', '2025-12-31T00:00:00.000Z', undefined);
    expect(s.requests[0]!.query.get('updated[gte]')).toBe('1767139200');
    expect(page.records).toEqual([
      {
        id: 'a',
        fields: { id: 'a', name: 'A', updated: 1_767_225_600 },
        cursorValue: '2026-01-01T00:00:00.000Z',
      },
    ]);
  });

  it('leaves an unset cursor parameter out of a full read', async () => {
    const s = await serve(() => ({ body: [] }));
    const manifest = itemsManifest({
      list: { path: '/items', query: { since: '{{cursor}}' }, recordsPath: '', pagination: { type: 'none' } },
    });
    await connect(manifest, s.url).readPage('items', '2026-01-01T00:00:00.000Z', undefined);
    expect(s.requests[0]!.query.has('since')).toBe(false);
  });
});

describe('reads by id and lookups', () => {
  const entity = {
    get: { path: '/items/{{id}}', recordPath: 'item' },
    lookup: { path: '/items', query: { email: '{{key}}' }, recordsPath: 'items' },
  };

  it('reads one record by id, with the id kept as one path segment', async () => {
    const s = await serve(({ path }) =>
      path === '/items/a%2Fb%3Fc'
        ? { body: { item: { id: 'a/b?c', name: 'Odd' } } }
        : { status: 404, body: {} },
    );
    const record = await connect(itemsManifest(entity), s.url).getRecord('items', 'a/b?c');
    expect(record).toMatchObject({ id: 'a/b?c', fields: { id: 'a/b?c', name: 'Odd' } });
  });

  it('answers undefined for a record the app does not have, and throws other errors', async () => {
    const s = await serve(({ path }) =>
      path === '/items/gone' ? { status: 404, body: {} } : { status: 500, body: {} },
    );
    const connector = connect(itemsManifest(entity), s.url);
    expect(connector.canGet('items')).toBe(true);
    await expect(connector.getRecord('items', 'gone')).resolves.toBeUndefined();
    await expect(connector.getRecord('items', 'broken')).rejects.toMatchObject({ errorClass: 'server' });
  });

  it('looks a record up by its match key', async () => {
    const s = await serve(({ query }) => ({
      body: {
        items: query.get('email') === 'jo+x@example.com' ? [{ id: 'cus_9', email: 'jo+x@example.com' }] : [],
      },
    }));
    const connector = connect(itemsManifest(entity), s.url);
    expect(await connector.lookup('items', 'jo+x@example.com')).toBe('cus_9');
    expect(await connector.lookup('items', 'nobody@example.com')).toBeUndefined();
  });
});
