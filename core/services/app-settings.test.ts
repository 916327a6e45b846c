import { shopSettings } from '../testing/shop-settings.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiErrorData } from '../contract/errors.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { openTestCore, type TestCore } from '../testing/temp-workspace.ts';

// Issue 11: an app's settings are checked against what its connector declares when the
// app is saved (form, CLI or workspace file alike), and a templated address counts as
// the host it makes, so a file cannot move a saved credential by changing the shop.

let t: TestCore;
beforeEach(() => (t = openTestCore({ secrets: new InMemorySecretStore() })));
afterEach(() => t.dispose());

const shopConnector = {
  id: 'corner-shop',
  name: 'Corner Shop',
  baseUrl: 'https://{{config.shop}}.shop.example/admin/api/{{config.version}}',
  auth: { type: 'api_key', in: 'header', name: 'X-Shop-Token' },
  settings: [
    ...shopSettings,
    { name: 'pageLimit', label: 'Page size', type: 'number' },
    { name: 'archived', label: 'Include archived', type: 'boolean' },
    { name: 'accessKey', label: 'Access key', secret: true, required: true },
  ],
  entities: {
    customers: { list: { path: '/customers.json', recordsPath: 'customers', pagination: { type: 'none' } } },
  },
};

const shopApp = (config: Record<string, string>) => ({
  name: 'Shop',
  connector: { kind: 'rest', connector: 'corner-shop', config },
});

async function refused(name: string, input: unknown): Promise<ApiErrorData> {
  const result = await t.core.invoke(name, input);
  if (result.ok) throw new Error(`${name} was accepted`);
  return result.error;
}

beforeEach(async () => {
  await t.call('connectors.install', { manifest: shopConnector });
});

describe('an app is saved only with the settings its connector declares', () => {
  it('lists the declared settings in the catalogue, the address as its pattern', async () => {
    const entry = (await t.call('connectors.list')).find((c) => c.id === 'corner-shop')!;
    expect(entry.hosts).toEqual(['https://{shop}.shop.example']);
    expect(
      entry.settings.map((s) => `${s.name}:${s.type}${s.required ? '!' : ''}${s.secret ? '*' : ''}`),
    ).toEqual([
      'shop:text!',
      'version:select',
      'pageLimit:number',
      'archived:boolean',
      'accessKey:text!*',
      'baseUrl:url',
      'requestsPerSecond:number',
    ]);
  });

  it('saves an app whose settings fit', async () => {
    const app = await t.call(
      'apps.create',
      shopApp({ shop: 'acme', version: '2025-10', pageLimit: '50', archived: 'true' }),
    );
    expect(app.connector!.config).toEqual({
      shop: 'acme',
      version: '2025-10',
      pageLimit: '50',
      archived: 'true',
    });
  });

  it.each<[string, Record<string, string>, string, string]>([
    ['a required setting left out', {}, 'connector.config.shop', 'Enter the Shop name'],
    [
      'a setting the connector does not have',
      { shop: 'acme', colour: 'red' },
      'connector.config.colour',
      '"colour" is not a setting of the Corner Shop connector',
    ],
    [
      'a number that is not one',
      { shop: 'acme', pageLimit: 'fifty' },
      'connector.config.pageLimit',
      'Page size must be a number',
    ],
    [
      'a yes/no that is neither',
      { shop: 'acme', archived: 'maybe' },
      'connector.config.archived',
      'Include archived must be "true" or "false"',
    ],
    [
      'a choice not offered',
      { shop: 'acme', version: '1999-01' },
      'connector.config.version',
      'API version must be one of: July 2025, October 2025.',
    ],
    [
      'the secret among the settings',
      { shop: 'acme', accessKey: 'abc' },
      'connector.config.accessKey',
      "saved in this PC's keychain",
    ],
    [
      'a shop name that would change the domain',
      { shop: 'evil.example/x' },
      'connector.config.shop',
      'only letters, digits and dashes',
    ],
  ])('refuses %s, naming the setting', async (_, config, field, words) => {
    const error = await refused('apps.create', shopApp(config));
    expect(error.kind).toBe('invalid_input');
    expect(error.field).toBe(field);
    expect(error.message).toContain(words);
    expect(await t.call('apps.list')).toEqual([]);
  });
});

describe('a templated address and the import guard', () => {
  const file = (config: Record<string, string>) => ({
    format: 'patchbay.workspace',
    version: 2,
    apps: [shopApp(config)],
  });

  it('refuses a file that changes the shop of an app holding a credential, and allows the same shop', async () => {
    await t.call('workspace.import', { document: file({ shop: 'acme' }) });
    const [app] = await t.call('apps.list');
    await t.call('secrets.set', { appId: app!.id, value: 'shpat_the_office_token' });

    const error = await refused('workspace.import', { document: file({ shop: 'collector' }) });
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('https://acme.shop.example');
    expect(error.message).toContain('https://collector.shop.example');
    expect(error.message).not.toContain('shpat_the_office_token');
    expect(error.field).toBe('apps.0.connector.config.shop');
    expect((await t.call('apps.list'))[0]!.connector!.config.shop).toBe('acme');

    await t.call('workspace.import', { document: file({ shop: 'acme', version: '2025-10' }) });
    expect((await t.call('apps.list'))[0]!.connector!.config.version).toBe('2025-10');
  });
});
