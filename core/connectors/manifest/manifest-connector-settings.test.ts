import { shopSettings } from '../../testing/shop-settings.ts';
import { afterEach, expect, it } from 'vitest';
import { createNodeHttpClient } from '../http/node-http-client.ts';
import { startLocalApiServer, type LocalApiServer } from '../../testing/local-api-server.ts';
import { createManifestConnector } from './manifest-connector.ts';
import { itemsManifest, serverPerTest } from '../../testing/connector-test-kit.ts';
import { addressPattern, originOf, resolveAddress } from './connection-values.ts';
import type { Manifest } from './manifest-schema.ts';

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
      { baseUrl: app.url, settings: [{ name: 'region', label: 'Region' }] },
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

// Issue 11: settings an app is asked for, read by the manifest's templates: the
// address (path and host), headers and query parameters, with defaults and values
// derived from the credential (Mailchimp's data centre after the key's "-").

const shopManifest = (baseUrl: string, extra: Record<string, unknown> = {}) =>
  itemsManifest(
    {
      list: {
        path: '/customers.json',
        query: { minorversion: '{{config.minorVersion}}' },
        recordsPath: 'customers',
        pagination: { type: 'none' },
      },
    },
    {
      baseUrl,
      settings: [
        ...shopSettings,
        { name: 'tenantId', label: 'Organisation id' },
        { name: 'minorVersion', label: 'Minor version', type: 'number', default: '75' },
      ],
      headers: { 'xero-tenant-id': '{{config.tenantId}}' },
      ...extra,
    },
  );

function connectWith(manifest: Manifest, config: Record<string, string>, secret = 'test-secret') {
  return createManifestConnector({
    manifest,
    appName: 'Test API',
    config,
    secret: async () => secret,
    send: createNodeHttpClient({ timeoutMs: 10_000 }).send,
    now: () => new Date(),
  });
}

it("builds the address, headers and query parameters from the app's settings and their defaults", async () => {
  const app = await serve(() => ({ body: { customers: [{ id: 7 }] } }));
  const manifest = shopManifest(`${app.url}/shops/{{config.shop}}/admin/api/{{config.version}}`);
  const page = await connectWith(manifest, { shop: 'acme tools/../x', tenantId: 'tenant-1' }).readPage(
    'items',
    '1970-01-01T00:00:00.000Z',
    undefined,
  );
  expect(page.records.map((r) => r.id)).toEqual(['7']);
  const [seen] = app.requests;
  // A value in the path is one segment: it cannot climb out of the address.
  expect(seen!.path).toBe('/shops/acme%20tools%2F..%2Fx/admin/api/2025-07/customers.json');
  expect(seen!.headers['xero-tenant-id']).toBe('tenant-1');
  expect(seen!.query.get('minorversion')).toBe('75');
});

it('takes a value from the credential (the data centre after the key\'s "-")', async () => {
  const app = await serve(() => ({ body: { customers: [] } }));
  const manifest = shopManifest(`${app.url}/{{config.dc}}/3.0`, {
    settings: [],
    headers: {},
    derived: [{ name: 'dc', from: 'secret', after: '-' }],
    auth: { type: 'basic', username: 'anystring', password: '{{secret}}' },
    entities: { items: { list: { path: '/lists', recordsPath: 'customers', pagination: { type: 'none' } } } },
  });
  await connectWith(manifest, {}, '0123456789abcdef0123456789abcdef-us6').readPage('items', '', undefined);
  expect(app.requests[0]!.path).toBe('/us6/3.0/lists');
});

it('sends nothing while a setting the address needs is missing, and says which', async () => {
  const app = await serve(() => ({ body: { customers: [] } }));
  const manifest = shopManifest(`${app.url}/shops/{{config.shop}}`);
  const error = await connectWith(manifest, {})
    .readPage('items', '1970-01-01T00:00:00.000Z', undefined)
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ errorClass: 'auth', neverSent: true });
  expect(String(error)).toContain('needs its Shop name setting');
  expect(app.requests).toHaveLength(0);
});

it('fills a host only with one plain name, so a setting can never choose the domain', () => {
  const template = 'https://{{config.shop}}.myshopify.com/admin/api/{{config.version}}';
  expect(resolveAddress(template, { shop: 'acme', version: '2025-07' })).toEqual({
    address: 'https://acme.myshopify.com/admin/api/2025-07',
  });
  for (const shop of ['evil.example', 'evil.example/x?', 'a@evil.example', 'evil.example#', ''])
    expect(resolveAddress(template, { shop, version: '1' })).not.toHaveProperty('address');
  expect(addressPattern(template)).toBe('https://{shop}.myshopify.com/admin/api/{version}');
  expect(originOf(addressPattern(template))).toBe('https://{shop}.myshopify.com');
});
