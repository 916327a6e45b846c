import { describe, expect, it } from 'vitest';
import { type Reply, type SeenRequest } from '../../testing/local-api-server.ts';
import { connect, itemsManifest, serverPerTest } from '../../testing/connector-test-kit.ts';
import { createNodeHttpClient } from '../http/node-http-client.ts';
import { createManifestConnector } from './manifest-connector.ts';

// Writes through the interpreter, against a small real HTTP server: JSON and form
// bodies, the idempotency header, and batch upserts split by the manifest's batch size.

const { serve } = serverPerTest();

const writes = {
  create: {
    method: 'POST',
    path: '/items',
    body: { data: { attributes: '{{record}}' } },
    idPath: 'data.id',
    idempotencyHeader: 'Idempotency-Key',
  },
  update: {
    method: 'PATCH',
    path: '/items/{{targetId}}',
    bodyEncoding: 'form',
    body: '{{record}}',
    idempotencyHeader: 'Idempotency-Key',
  },
};

describe('create and update', () => {
  it('creates with a JSON body and the idempotency key in its header, and reads the new id', async () => {
    const s = await serve(() => ({ status: 201, body: { data: { id: 'itm_42' } } }));
    const connector = connect(itemsManifest({ write: writes }), s.url);
    const record = { name: 'Jo', tags: ['a', 'b'], address: { city: 'Leeds' } };
    expect(await connector.create('items', record, { idempotencyKey: 'flow1-rec1-abc' })).toBe('itm_42');
    const seen = s.requests[0]!;
    expect([seen.method, seen.path, seen.headers['content-type']]).toEqual([
      'POST',
      '/items',
      'application/json',
    ]);
    expect(seen.headers['idempotency-key']).toBe('flow1-rec1-abc');
    expect(seen.headers.authorization).toBe('Bearer test-secret');
    expect(JSON.parse(seen.body)).toEqual({ data: { attributes: record } });
  });

  it('sends no idempotency header when the caller has no key', async () => {
    const s = await serve(() => ({ body: { data: { id: 'itm_1' } } }));
    await connect(itemsManifest({ write: writes }), s.url).create('items', { name: 'Jo' });
    expect(s.requests[0]!.headers['idempotency-key']).toBeUndefined();
  });

  it('updates with a form body (bracketed nesting) at the target id, keeping the id when the answer has none', async () => {
    const s = await serve(() => ({ body: { ok: true } }));
    const connector = connect(itemsManifest({ write: writes }), s.url);
    const id = await connector.update(
      'items',
      'cus/7',
      { name: 'Jo Bloggs', email: 'jo+1@example.com', metadata: { plan: 'gold', seats: 3 } },
      { idempotencyKey: 'k-2' },
    );
    expect(id).toBe('cus/7');
    const seen = s.requests[0]!;
    expect([seen.method, seen.path]).toEqual(['PATCH', '/items/cus%2F7']);
    expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen.body).toBe(
      'name=Jo%20Bloggs&email=jo%2B1%40example.com&metadata%5Bplan%5D=gold&metadata%5Bseats%5D=3',
    );
    expect(Object.fromEntries(new URLSearchParams(seen.body))).toEqual({
      name: 'Jo Bloggs',
      email: 'jo+1@example.com',
      'metadata[plan]': 'gold',
      'metadata[seats]': '3',
    });
    expect(seen.headers['idempotency-key']).toBe('k-2');
  });

  it("turns a refused write into a validation error quoting the app's words", async () => {
    const s = await serve(() => ({
      status: 422,
      body: { title: 'Invalid', detail: 'email is not an email', errors: [{ field: 'email' }] },
    }));
    await expect(
      connect(itemsManifest({ write: writes }), s.url).create('items', { email: 'x' }),
    ).rejects.toMatchObject({
      errorClass: 'validation',
      recordLevel: true,
      detail: 'Invalid: email is not an email',
    });
  });

  it('says plainly when the connector cannot do what is asked', async () => {
    const connector = connect(itemsManifest({ label: 'Items' }), 'http://127.0.0.1:9');
    await expect(connector.create('items', {})).rejects.toThrow('Test API cannot create items.');
    await expect(connector.update('items', '1', {})).rejects.toThrow('Test API cannot update items.');
    await expect(connector.batchUpsert('items', [])).rejects.toThrow(
      'Test API cannot upsert items in batches.',
    );
    await expect(connector.readPage('items', '', undefined)).rejects.toThrow('Test API cannot list items.');
    await expect(connector.readPage('orders', '', undefined)).rejects.toThrow(
      'Test API has no entity called "orders" in its connector.',
    );
    expect(connector.batchSize('items')).toBeUndefined();
    expect(connector.canGet('items')).toBe(false);
  });
});

describe('an idempotency key in a query parameter (QuickBooks requestid)', () => {
  it('sends the same key with a create made again after a lost answer, and the entity says its creates are keyed', async () => {
    let answered = 0;
    const s = await serve(({ query }) => {
      answered++;
      // The first answer is lost: the connection is cut after the app took the create.
      return answered === 1
        ? { status: 502, body: {} }
        : { body: { Customer: { Id: '58', requestid: query.get('requestid') } } };
    });
    const manifest = itemsManifest({
      write: {
        create: {
          method: 'POST',
          path: '/v3/company/1/customer',
          query: { requestid: '{{idempotencyKey}}', minorversion: '75' },
          body: '{{record}}',
          idPath: 'Customer.Id',
        },
      },
    });
    const connector = connect(manifest, s.url);
    expect(connector.describe('items')!.createRetry).toBe('idempotency-key');
    const retried = createManifestConnector({
      manifest,
      appName: 'QuickBooks',
      config: { baseUrl: s.url },
      secret: async () => 'test-secret',
      send: createNodeHttpClient({ timeoutMs: 10_000 }).send,
      now: () => new Date(),
      reliably: async (operation) => {
        try {
          return await operation();
        } catch {
          return operation();
        }
      },
    });
    expect(
      await retried.create('items', { DisplayName: 'Acme' }, { idempotencyKey: 'flow1-rec7-create' }),
    ).toBe('58');
    expect(s.requests.map((r) => r.query.get('requestid'))).toEqual([
      'flow1-rec7-create',
      'flow1-rec7-create',
    ]);
  });
});

describe('batch upsert', () => {
  const batchUpsert = {
    method: 'POST',
    path: '/items/batch/upsert',
    batchSize: 3,
    body: { inputs: '{{items}}', mode: 'upsert' },
    item: { idProperty: 'email', id: '{{key}}', properties: '{{record}}' },
    resultsPath: 'results',
    resultKeyPath: 'properties.email',
    idPath: 'id',
  };
  const answerUpserts = ({ body }: SeenRequest): Reply => {
    const { inputs } = JSON.parse(body) as { inputs: { id: string; properties: object }[] };
    return {
      body: {
        results: inputs.map((input) => ({
          id: `id-${input.id.toLowerCase()}`,
          properties: { ...input.properties, email: input.id.toUpperCase() },
        })),
      },
    };
  };

  it('sends calls of at most the batch size and answers the id for each key', async () => {
    const s = await serve(answerUpserts);
    const connector = connect(itemsManifest({ write: { batchUpsert } }), s.url);
    expect(connector.batchSize('items')).toBe(3);
    const items = Array.from({ length: 7 }, (_, i) => ({
      key: `p${i}@example.com`,
      record: { name: `P${i}` },
    }));
    const ids = await connector.batchUpsert('items', items);
    expect(s.requests.map((r) => (JSON.parse(r.body) as { inputs: unknown[] }).inputs.length)).toEqual([
      3, 3, 1,
    ]);
    const first = JSON.parse(s.requests[0]!.body) as { mode: string; inputs: unknown[] };
    expect(first.mode).toBe('upsert');
    expect(first.inputs[0]).toEqual({
      idProperty: 'email',
      id: 'p0@example.com',
      properties: { name: 'P0' },
    });
    expect(ids.size).toBe(7);
    expect(ids.get('p6@example.com')).toBe('id-p6@example.com');
  });

  it("sends a record's own {{…}} text as written, never filling it in", async () => {
    const s = await serve(answerUpserts);
    const connector = connect(itemsManifest({ write: { batchUpsert } }), s.url);
    await connector.batchUpsert('items', [
      { key: 'a@example.com', record: { firstname: '{{config.baseUrl}}', note: 'Hi {{name}}!' } },
    ]);
    const sent = JSON.parse(s.requests[0]!.body) as { inputs: { properties: object }[] };
    expect(sent.inputs[0]!.properties).toEqual({ firstname: '{{config.baseUrl}}', note: 'Hi {{name}}!' });
  });
});
