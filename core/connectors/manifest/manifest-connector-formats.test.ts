import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../http/node-http-client.ts';
import { createManifestConnector } from './manifest-connector.ts';
import { SyncError } from '../../reliability/error-classes.ts';
import { connect, itemsManifest, readAll, serverPerTest } from '../../testing/connector-test-kit.ts';
import { readCursor, writeCursor } from './cursor-format.ts';

// Issue 11: the shapes of the real APIs of docs/apis.md, described as data and read
// from small real servers answering as those APIs document: where the changed-since
// value goes (a header, a JSON body, inside a query language) and how it is written,
// dates as .NET writes them, and the pagination styles beyond the common ones.

const { serve } = serverPerTest();

/** Zendesk's incremental cursor export: start_time first, then after_cursor until end_of_stream. */
const zendeskExport = {
  path: '/api/v2/incremental/users/cursor.json',
  query: { start_time: '{{cursor}}' },
  recordsPath: 'users',
  pagination: { type: 'cursor', cursorPath: 'after_cursor', param: 'cursor', endPath: 'end_of_stream' },
};
const since = '2025-12-31T00:00:00.000Z';
const ids = (records: { id: string }[]) => records.map((r) => r.id);

describe('where the changed-since value goes, and how it is written', () => {
  it('Xero: in an If-Modified-Since header as an HTTP date; record dates read from /Date(ms+0000)/', async () => {
    const s = await serve(() => ({
      body: {
        Contacts: [
          { ContactID: 'c1', Name: 'Acme', UpdatedDateUTC: '/Date(1767225600000+0000)/' },
          { ContactID: 'c2', Name: 'Bolt', UpdatedDateUTC: '/Date(1767229200000)/' },
        ],
      },
    }));
    const manifest = itemsManifest({
      idField: 'ContactID',
      list: {
        path: '/api.xro/2.0/Contacts',
        headers: { 'If-Modified-Since': '{{cursor}}' },
        recordsPath: 'Contacts',
        pagination: { type: 'page_number', param: 'page', startAt: 1 },
        pageSize: { param: 'pageSize', value: 100 },
      },
      incremental: { cursorField: 'UpdatedDateUTC', format: 'http_date' },
    });
    const { records } = await readAll(connect(manifest, s.url), 'items', since);
    expect(s.requests[0]!.headers['if-modified-since']).toBe('Wed, 31 Dec 2025 00:00:00 GMT');
    expect(records.map((r) => [r.id, r.cursorValue])).toEqual([
      ['c1', '2026-01-01T00:00:00.000Z'],
      ['c2', '2026-01-01T01:00:00.000Z'],
    ]);
  });

  it('QuickBooks: inside its query language, with the page start and size in the query text too', async () => {
    const customers = Array.from({ length: 5 }, (_, i) => ({
      Id: String(i + 1),
      MetaData: { LastUpdatedTime: `2026-01-0${i + 1}T10:00:00-08:00` },
    }));
    const s = await serve(({ query }) => {
      const text = query.get('query') ?? '';
      const match = /STARTPOSITION (\d+) MAXRESULTS (\d+)$/.exec(text);
      if (!match) return { status: 400, body: { Fault: { Error: [{ Message: 'bad query' }] } } };
      const [start, max] = [Number(match[1]), Number(match[2])];
      return { body: { QueryResponse: { Customer: customers.slice(start - 1, start - 1 + max) } } };
    });
    const manifest = itemsManifest({
      idField: 'Id',
      list: {
        path: '/v3/company/123/query',
        query: {
          query:
            "SELECT * FROM Customer WHERE MetaData.LastUpdatedTime >= '{{cursor}}' ORDERBY MetaData.LastUpdatedTime STARTPOSITION {{page.offset}} MAXRESULTS {{pageSize}}",
        },
        recordsPath: 'QueryResponse.Customer',
        pageSize: { value: 2 },
        pagination: { type: 'offset', startAt: 1 },
      },
      incremental: { cursorField: 'MetaData.LastUpdatedTime', format: 'iso8601_seconds' },
    });
    const { records } = await readAll(connect(manifest, s.url), 'items', since);
    expect(ids(records)).toEqual(['1', '2', '3', '4', '5']);
    expect(s.requests.map((r) => r.query.get('query')!.replace(/^.*>= /, ''))).toEqual([
      "'2025-12-31T00:00:00Z' ORDERBY MetaData.LastUpdatedTime STARTPOSITION 1 MAXRESULTS 2",
      "'2025-12-31T00:00:00Z' ORDERBY MetaData.LastUpdatedTime STARTPOSITION 3 MAXRESULTS 2",
      "'2025-12-31T00:00:00Z' ORDERBY MetaData.LastUpdatedTime STARTPOSITION 5 MAXRESULTS 2",
    ]);
    // No stray page parameters beside the query text.
    expect([...s.requests[1]!.query.keys()]).toEqual(['query']);
    expect(records[0]!.cursorValue).toBe('2026-01-01T18:00:00.000Z');
  });

  it('HubSpot: in a JSON search filter, as unix milliseconds', async () => {
    const s = await serve(() => ({ body: { results: [] } }));
    const manifest = itemsManifest({
      list: {
        method: 'POST',
        path: '/crm/v3/objects/contacts/search',
        body: {
          filterGroups: [
            { filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '{{cursor}}' }] },
          ],
        },
        recordsPath: 'results',
        pagination: { type: 'none' },
      },
      incremental: { cursorField: 'lastmodifieddate', format: 'unix_ms' },
    });
    await readAll(connect(manifest, s.url), 'items', since);
    expect(JSON.parse(s.requests[0]!.body)).toEqual({
      filterGroups: [
        { filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '1767139200000' }] },
      ],
    });
  });

  it('Pipedrive v1: as YYYY-MM-DD HH:MM:SS, and its record times read as UTC', async () => {
    const s = await serve(() => ({
      data: [],
      body: { data: [{ id: 9, update_time: '2026-01-02 03:04:05' }] },
    }));
    const manifest = itemsManifest({
      list: {
        path: '/v1/recents',
        query: { since_timestamp: '{{cursor}}' },
        recordsPath: 'data',
        pagination: { type: 'none' },
      },
      incremental: { cursorField: 'update_time', format: 'datetime' },
    });
    const { records } = await readAll(connect(manifest, s.url), 'items', since);
    expect(s.requests[0]!.query.get('since_timestamp')).toBe('2025-12-31 00:00:00');
    expect(records[0]!.cursorValue).toBe('2026-01-02T03:04:05.000Z');
  });

  it('Zendesk: asks from a minute before the cursor, as its export holds back the newest changes', async () => {
    const s = await serve(() => ({ body: { users: [], end_of_stream: true } }));
    const manifest = itemsManifest({
      list: zendeskExport,
      incremental: { cursorField: 'updated_at', format: 'unix_seconds', lookbackMs: 60_000 },
    });
    await readAll(connect(manifest, s.url), 'items', since);
    expect(s.requests[0]!.query.get('start_time')).toBe(String(Date.parse(since) / 1000 - 60));
  });

  it('reads and writes every format the same way round', () => {
    const iso = '2026-03-04T05:06:07.000Z';
    for (const format of [
      'iso8601',
      'iso8601_seconds',
      'unix_seconds',
      'unix_ms',
      'datetime',
      'http_date',
    ] as const)
      expect(readCursor(writeCursor(iso, format), format)).toBe(iso);
    expect(readCursor('/Date(1772600767000-0500)/', 'iso8601')).toBe(iso);
    expect(readCursor('not a date', 'iso8601')).toBeUndefined();
  });
});

describe('pagination styles of the real APIs', () => {
  const users = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, updated_at: 1_767_225_600 + i }));

  it('Zendesk cursor export: follows after_cursor until end_of_stream, even when a cursor is still given', async () => {
    const s = await serve(({ query }) => {
      const from = query.has('cursor') ? Number(query.get('cursor')) : 0;
      const page = users.slice(from, from + 2);
      const end = from + 2 >= users.length;
      return { body: { users: page, after_cursor: String(from + 2), end_of_stream: end } };
    });
    const manifest = itemsManifest({
      list: zendeskExport,
      incremental: { cursorField: 'updated_at', format: 'unix_seconds' },
    });
    const { records, pages } = await readAll(connect(manifest, s.url), 'items', since);
    expect(ids(records)).toEqual(['1', '2', '3', '4', '5']);
    expect(pages).toBe(3);
    expect(s.requests.map((r) => r.query.get('cursor'))).toEqual([null, '2', '4']);
  });

  it('next page address in the body: followed on the same server, refused to another', async () => {
    const s = await serve(({ query }) => {
      const page = Number(query.get('page') ?? '1');
      const next = page < 3 ? `${s.url}/api/v2/users?page=${page + 1}` : null;
      return { body: { users: [users[page - 1]], links: { next } } };
    });
    const manifest = itemsManifest({
      list: {
        path: '/api/v2/users',
        recordsPath: 'users',
        pagination: { type: 'next_url', urlPath: 'links.next' },
      },
    });
    const { records } = await readAll(connect(manifest, s.url), 'items');
    expect(ids(records)).toEqual(['1', '2', '3']);
    expect(s.requests.map((r) => r.query.get('page'))).toEqual([null, '2', '3']);
    expect(s.requests.every((r) => r.headers.authorization === 'Bearer test-secret')).toBe(true);

    const elsewhere = await serve(() => ({
      body: { users: [users[0]], links: { next: 'https://collector.example.net/users?page=2' } },
    }));
    const connector = connect(manifest, elsewhere.url);
    const first = await connector.readPage('items', '', undefined);
    const error = await connector.readPage('items', '', first.next).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(String(error)).toContain('collector.example.net');
    expect(elsewhere.requests).toHaveLength(1);
  });

  it('Shopify GraphQL: the cursor and page size in the variables, records under edges[].node, until hasNextPage is false', async () => {
    const s = await serve(({ body }) => {
      const { variables } = JSON.parse(body) as {
        variables: { first: number; after?: string; query: string };
      };
      const from = variables.after === undefined ? 0 : Number(variables.after);
      const slice = users.slice(from, from + variables.first);
      return {
        body: {
          data: {
            customers: {
              edges: slice.map((u) => ({
                cursor: String(u.id),
                node: { ...u, id: `gid://shopify/Customer/${u.id}` },
              })),
              pageInfo: {
                hasNextPage: from + variables.first < users.length,
                endCursor: String(from + slice.length),
              },
            },
          },
        },
      };
    });
    const manifest = itemsManifest({
      idField: 'node.id',
      fieldsPath: 'node',
      list: {
        method: 'POST',
        path: '/admin/api/2025-07/graphql.json',
        body: {
          query:
            'query($first:Int!,$after:String,$query:String){customers(first:$first,after:$after,query:$query){edges{node{id}} pageInfo{hasNextPage endCursor}}}',
          variables: { first: '{{pageSize}}', after: '{{page.token}}', query: "updated_at:>='{{cursor}}'" },
        },
        recordsPath: 'data.customers.edges',
        pageSize: { value: 2 },
        pagination: {
          type: 'cursor',
          cursorPath: 'data.customers.pageInfo.endCursor',
          hasMorePath: 'data.customers.pageInfo.hasNextPage',
        },
      },
      incremental: { cursorField: 'updated_at', format: 'iso8601_seconds' },
    });
    const { records, pages } = await readAll(connect(manifest, s.url), 'items', since);
    expect(ids(records)).toEqual([1, 2, 3, 4, 5].map((n) => `gid://shopify/Customer/${n}`));
    expect(pages).toBe(3);
    const sent = s.requests.map(
      (r) => (JSON.parse(r.body) as { variables: Record<string, unknown> }).variables,
    );
    expect(sent[0]).toEqual({ first: 2, query: "updated_at:>='2025-12-31T00:00:00Z'" });
    expect(sent.map((v) => v.after)).toEqual([undefined, '2', '4']);
  });

  it('page numbers that stop at a total-pages field, not at a short page', async () => {
    const s = await serve(({ query }) => {
      const page = Number(query.get('page'));
      return { body: { items: users.slice((page - 1) * 2, page * 2).slice(0, 2), meta: { total_pages: 2 } } };
    });
    const manifest = itemsManifest({
      list: {
        path: '/items',
        recordsPath: 'items',
        pageSize: { param: 'per_page', value: 2 },
        pagination: { type: 'page_number', param: 'page', totalPagesPath: 'meta.total_pages' },
      },
    });
    const { records } = await readAll(connect(manifest, s.url), 'items');
    expect(ids(records)).toEqual(['1', '2', '3', '4']);
    // The second page was full, but the total said it was the last: no third request.
    expect(s.requests).toHaveLength(2);
  });
});

describe('keys derived by template functions', () => {
  it('Mailchimp: looks a member up by md5(lower(trim(email))) in the path, the list id from a setting', async () => {
    const hash = createHash('md5').update('ada@example.org').digest('hex');
    const s = await serve(({ path }) =>
      path === `/3.0/lists/list-1/members/${hash}`
        ? { body: { id: hash, email_address: 'ada@example.org' } }
        : { status: 404, body: { title: 'Resource Not Found' } },
    );
    const manifest = itemsManifest(
      {
        lookup: { path: '/3.0/lists/{{config.listId}}/members/{{key|trim|lower|md5}}', recordsPath: '' },
      },
      { settings: [{ name: 'listId', label: 'Audience id', required: true }] },
    );
    const connector = createManifestConnector({
      manifest,
      appName: 'Mailchimp',
      config: { baseUrl: s.url, listId: 'list-1' },
      secret: async () => 'key-us6',
      send: createNodeHttpClient({ timeoutMs: 10_000 }).send,
      now: () => new Date(),
      digest: (algorithm, text) => createHash(algorithm).update(text).digest('hex'),
    });
    expect(await connector.lookup('items', '  Ada@Example.org ')).toBe(hash);
    expect(s.requests[0]!.path).toBe(`/3.0/lists/list-1/members/${hash}`);
  });

  it('refuses a template function that does not exist, naming the field', () => {
    expect(() => itemsManifest({ lookup: { path: '/members/{{key|base64}}', recordsPath: '' } })).toThrow(
      'not valid at entities.items.lookup.path: "base64" is not a template function',
    );
  });
});
