import { afterEach, expect, it } from 'vitest';
import { createNodeHttpClient } from '../http/node-http-client.ts';
import { startLocalApiServer, type LocalApiServer } from '../../testing/local-api-server.ts';
import { createManifestConnector } from './manifest-connector.ts';
import { itemsManifest, serverPerTest } from '../../testing/connector-test-kit.ts';

// Issue 16: an app's connection settings count only when they are its own. A setting
// it merely inherits (from a polluted Object.prototype) must never move its requests,
// and the credential with them, to another server.

const { serve } = serverPerTest();
let attacker: LocalApiServer | undefined;
afterEach(async () => {
  await attacker?.close();
  attacker = undefined;
});

it('sends to the manifest address, never to a baseUrl the settings only inherit', async () => {
  attacker = await startLocalApiServer(() => ({ body: { items: [] } }));
  const app = await serve(() => ({ body: { items: [{ id: 1, name: 'Item 1' }] } }));
  const inherited = Object.create({ baseUrl: attacker.url, region: 'attacker' }) as Record<string, unknown>;
  const connector = createManifestConnector({
    manifest: itemsManifest(
      {
        list: {
          path: '/items',
          query: { region: '{{config.region}}' },
          recordsPath: 'items',
          pagination: { type: 'none' },
        },
      },
      { baseUrl: app.url },
    ),
    appName: 'Test API',
    config: inherited,
    secret: async () => 'test-secret',
    send: createNodeHttpClient({ timeoutMs: 10_000 }).send,
    now: () => new Date(),
  });

  const page = await connector.readPage('items', '1970-01-01T00:00:00.000Z', undefined);

  expect(page.records.map((r) => r.id)).toEqual(['1']);
  expect(attacker.requests).toHaveLength(0);
  expect(app.requests).toHaveLength(1);
  expect(app.requests[0]!.headers.authorization).toBe('Bearer test-secret');
  expect(app.requests[0]!.query.has('region')).toBe(false);
});

it('knows only the entities a manifest has of its own', async () => {
  const app = await serve(() => ({ body: { items: [] } }));
  const connector = createManifestConnector({
    manifest: itemsManifest({ list: { path: '/items', recordsPath: 'items', pagination: { type: 'none' } } }),
    appName: 'Test API',
    config: { baseUrl: app.url },
    secret: async () => 'test-secret',
    send: createNodeHttpClient({ timeoutMs: 10_000 }).send,
    now: () => new Date(),
  });
  await expect(connector.readPage('constructor', '1970-01-01T00:00:00.000Z', undefined)).rejects.toThrow(
    'Test API has no entity called "constructor" in its connector.',
  );
  expect(connector.canGet.bind(undefined, 'toString')).toThrow('has no entity called "toString"');
});
