import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiErrorData } from '../contract/errors.ts';
import type { MethodInput } from '../contract/methods.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { openTestCore, type TestCore } from '../testing/temp-workspace.ts';

// A workspace file is written by a stranger: each test here is one way a file or an
// API call could hurt the office, answered with a plain error that changes nothing.

let t: TestCore;
beforeEach(() => (t = openTestCore({ secrets: new InMemorySecretStore() })));
afterEach(() => t.dispose());

async function refused(name: string, input: unknown): Promise<ApiErrorData> {
  const result = await t.core.invoke(name, input);
  if (result.ok) throw new Error(`${name} was accepted: ${JSON.stringify(result.value).slice(0, 200)}`);
  return result.error;
}

const stripeApp = (baseUrl: string): MethodInput<'apps.create'> => ({
  name: 'Stripe',
  category: 'billing',
  entities: [{ name: 'Customers' }],
  connector: { preset: 'stripe', config: { baseUrl } },
});
const hubspotApp = {
  name: 'HubSpot',
  category: 'crm',
  entities: [{ name: 'Contacts', systemOfRecord: true }],
  connector: { preset: 'hubspot', config: { baseUrl: 'https://api.hubapi.com' } },
} satisfies MethodInput<'apps.create'>;
const flow = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  source: { app: 'HubSpot', entity: 'contacts' },
  target: { app: 'Stripe', entity: 'customers' },
  matchKey: 'email',
  mapping: [{ source: 'email', target: 'email' }],
  ...extra,
});
const file = (content: { apps?: unknown[]; flows?: unknown[] }) => ({
  format: 'patchbay.workspace',
  version: 1,
  ...content,
});
const stripeBaseUrl = async () =>
  (await t.call('apps.list', {})).find((a) => a.name === 'Stripe')!.connector!.config.baseUrl;

describe('an import cannot re-point an app that holds a credential', () => {
  it('refuses a new host for an app with a saved key, naming the app and both hosts, and changes nothing', async () => {
    await t.call('workspace.import', { document: file({ apps: [stripeApp('https://api.stripe.com')] }) });
    const [stripe] = await t.call('apps.list', {});
    await t.call('secrets.set', { appId: stripe!.id, value: 'sk_test_the_office_key' });

    const error = await refused('workspace.import', {
      document: file({ apps: [stripeApp('https://collector.example.net/v1')] }),
    });
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('Stripe');
    expect(error.message).toContain('https://api.stripe.com');
    expect(error.message).toContain('https://collector.example.net');
    expect(error.message).not.toContain('sk_test_the_office_key');
    expect(error.field).toBe('apps.0.connector.config.baseUrl');
    expect(await stripeBaseUrl()).toBe('https://api.stripe.com');

    // Confirmed by the user, the move is made.
    await t.call('workspace.import', {
      document: file({ apps: [stripeApp('https://collector.example.net/v1')] }),
      allowHostChange: true,
    });
    expect(await stripeBaseUrl()).toBe('https://collector.example.net/v1');
  });

  it('refuses a first address for an app that holds a credential but had no connector', async () => {
    await t.call('apps.create', { name: 'Stripe', category: 'billing' });
    const [stripe] = await t.call('apps.list');
    await t.call('secrets.set', { appId: stripe!.id, value: 'sk_test_the_office_key' });
    const error = await refused('workspace.import', {
      document: file({ apps: [stripeApp('https://collector.example.net')] }),
    });
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('https://collector.example.net');
    expect((await t.call('apps.list'))[0]!.connector).toBeNull();
  });

  it('reads an old-shape connector by its preset, whatever else it carries', async () => {
    await t.call('apps.create', {
      name: 'Billing',
      connector: { preset: 'stripe', connector: 'hubspot', config: {} },
    });
    const [app] = await t.call('apps.list');
    expect(app!.connector).toMatchObject({ kind: 'rest', connector: 'stripe' });
  });

  it('lets an app without a credential move, and keeps the same host with another path', async () => {
    await t.call('workspace.import', { document: file({ apps: [stripeApp('https://api.stripe.com')] }) });
    await t.call('workspace.import', {
      document: file({ apps: [stripeApp('https://sandbox.example.com')] }),
    });
    expect(await stripeBaseUrl()).toBe('https://sandbox.example.com');
    const [stripe] = await t.call('apps.list', {});
    await t.call('secrets.set', { appId: stripe!.id, value: 'sk_test_the_office_key' });
    await t.call('workspace.import', {
      document: file({ apps: [stripeApp('https://sandbox.example.com/v2')] }),
    });
    expect(await stripeBaseUrl()).toBe('https://sandbox.example.com/v2');
  });

  it('refuses a file that drops the address back to the preset default of another host', async () => {
    await t.call('workspace.import', { document: file({ apps: [stripeApp('http://127.0.0.1:4010')] }) });
    const [stripe] = await t.call('apps.list', {});
    await t.call('secrets.set', { appId: stripe!.id, value: 'sk_test_the_office_key' });
    const withoutAddress = { ...stripeApp(''), connector: { preset: 'stripe', config: {} } };
    const error = await refused('workspace.import', { document: file({ apps: [withoutAddress] }) });
    expect(error.message).toContain('http://127.0.0.1:4010');
    expect(error.message).toContain('https://api.stripe.com');
  });

  it.each([
    ['http://collector.example.net', 'must start with https://'],
    ['ftp://files.example.net', 'must start with https://'],
    ['https://user:hunter2@api.stripe.com', 'cannot hold a user name or password'],
    ['not a url at all', 'is not a web address'],
  ])('refuses the address %s', async (baseUrl, words) => {
    const error = await refused('apps.create', stripeApp(baseUrl));
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toContain(words);
    expect(error.message).not.toContain('hunter2');
  });

  it.each([
    'http://127.0.0.1:4010',
    'http://localhost:8080/api',
    'http://[::1]:9000',
    'https://api.stripe.com',
  ])('accepts the address %s', async (baseUrl) => {
    await t.call('apps.create', stripeApp(baseUrl));
  });
});

describe('credentials are refused in connection settings', () => {
  it.each([
    ['authorization', 'Bearer abc'],
    ['passwd', 'hunter2-hunter2'],
    ['pwd', 'hunter2-hunter2'],
    ['credential', 'c-1234567890'],
    ['private_key', '-----BEGIN PRIVATE KEY-----'],
    ['bearer', 'abcdefghijkl'],
    ['account', 'sk_live_51HxAbCdEfGhIjKlMnOp'],
    ['account', 'rk_test_51HxAbCdEfGhIjKlMnOp'],
    ['portal', 'pat-na1-11111111-2222-3333-4444-555555555555'],
    ['note', 'Zx8bQ2mN4pL7vR1tY6wK3jH9gF5dS0aE'],
    ['audience', '0123456789abcdef0123456789abcdef-us6'],
    ['tokenUrl', 'https://user:hunter2@login.example.com/token'],
    ['baseUrl', 'https://api.example.com/?api_key=abc'],
    ['baseUrl', 'https://api.example.com/v1/sk_live_51HxAbCdEfGhIjKlMnOpQr'],
    ['baseUrl', 'https://api.example.com/v1#sk_live_51HxAbCdEfGhIjKlMnOpQr'],
    ['pass', 'hunter2-hunter2'],
    ['db_pw', 'hunter2-hunter2'],
    ['passphrase', 'hunter2-hunter2'],
    ['session', 'abcdef-123456'],
  ])('refuses %s = %s and says where the credential belongs', async (name, value) => {
    const error = await refused('apps.create', {
      name: 'Stripe',
      connector: { preset: 'stripe', config: { [name]: value } },
    });
    expect(error.kind).toBe('invalid_input');
    expect(error.field).toBe('connector.config');
    expect(error.message).toContain(name);
    expect(error.message).toContain('keychain');
    expect(error.message).not.toContain(value.slice(-8));
  });

  it.each([
    ['spreadsheetId', '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms'],
    ['baseUrl', 'https://sheets.googleapis.com/v4/spreadsheets/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms'],
    ['clientId', '0D5E1F8A3B7C4E2F9A6B1C8D3E5F7A9B'],
    ['clientId', '6f1c9c43-6a1e-4bb5-9a53-35a1fbbd5a44'],
    ['clientId', '123456789012-abcdefghijklmnopqrstuvwxyz123456.apps.googleusercontent.com'],
    ['requestsPerSecond', '25'],
    ['tokenUrl', 'https://login.xero.com/identity/connect/token'],
  ])('keeps the ordinary setting %s = %s', async (name, value) => {
    // A connector that declares these settings: an app may only hold the ones declared.
    await t.call('connectors.install', {
      manifest: {
        id: 'sheets-like',
        name: 'Sheets',
        baseUrl: 'https://sheets.googleapis.com/v4',
        auth: {
          type: 'oauth2',
          authorizeUrl: 'https://accounts.example/auth',
          tokenUrl: 'https://accounts.example/token',
        },
        settings: [{ name: 'spreadsheetId', label: 'Spreadsheet id' }],
        entities: { rows: { list: { path: '/rows', recordsPath: 'values', pagination: { type: 'none' } } } },
      },
    });
    const app = await t.call('apps.create', {
      name: 'Sheets',
      connector: { kind: 'rest', connector: 'sheets-like', config: { [name]: value } },
    });
    expect(app.connector!.config[name]).toBe(value);
  });
});

describe('names and limits', () => {
  beforeEach(async () => {
    await t.call('workspace.import', {
      document: file({ apps: [hubspotApp, stripeApp('https://api.stripe.com')] }),
    });
  });

  it('refuses a second flow with the same name (any case), so `flow run NAME` means one flow', async () => {
    await t.call('workspace.import', { document: file({ flows: [flow('Contacts to customers')] }) });
    const [first] = await t.call('flows.list', {});
    const error = await refused('flows.create', {
      name: 'CONTACTS TO CUSTOMERS',
      sourceAppId: first!.sourceAppId,
      sourceEntity: 'contacts',
      targetAppId: first!.targetAppId,
      targetEntity: 'customers',
      matchKey: 'email',
      mapping: [{ source: 'email', target: 'email' }],
    });
    expect(error).toMatchObject({ kind: 'conflict', field: 'name' });
    expect(await t.call('flows.list', {})).toHaveLength(1);
  });

  it('refuses a file that names one app or flow twice, naming both places', async () => {
    const apps = await refused('workspace.import', {
      document: file({ apps: [hubspotApp, { ...hubspotApp, name: 'hubspot' }] }),
    });
    expect(apps.message).toContain('apps.0 and apps.1');
    const flows = await refused('workspace.import', {
      document: file({ flows: [flow('Sync'), flow('Sync'), flow('sync')] }),
    });
    expect(flows.message).toContain('flows.0 and flows.1');
    expect(await t.call('flows.list', {})).toEqual([]);
  });

  it.each([
    [
      'a field mapped twice',
      {
        mapping: [
          { source: 'email', target: 'email' },
          { source: 'x', target: 'email' },
        ],
      },
      'flows.0.mapping.1.target',
      'is mapped twice',
    ],
    [
      'an unmapped match key',
      { matchKey: 'phone' },
      'flows.0.matchKey',
      'must be one of the mapped target fields',
    ],
    ['a name longer than its limit', { name: 'n'.repeat(500) }, 'flows.0.name', 'at most 120 characters'],
    ['ANSI escapes in a name', { name: 'Sync\u001b[2J\u001b[31mnow' }, 'flows.0.name', 'control characters'],
    ['a line break in a name', { name: 'Sync\nnow' }, 'flows.0.name', 'control characters'],
  ])(
    'answers %s with a plain error naming the field, not an internal error',
    async (_, change, field, words) => {
      const error = await refused('workspace.import', { document: file({ flows: [flow('Sync', change)] }) });
      expect(error.kind).toBe('invalid_input');
      expect(error.field).toBe(field);
      expect(error.message).toContain(words);
      expect(error.message).not.toContain('Something went wrong');
      expect(await t.call('flows.list', {})).toEqual([]);
    },
  );

  it('refuses control characters in app names and notes keep their line breaks', async () => {
    const error = await refused('apps.create', { name: 'Evil\u001b]0;title\u0007' });
    expect(error.field).toBe('name');
    // A right-to-left override or a zero-width space makes a look-alike of another app's name.
    for (const name of ['S\u202Eepirt', 'Str\u200Bipe'])
      expect(await refused('apps.create', { name })).toMatchObject({ field: 'name' });
    await t.call('apps.create', { name: 'Notes', notes: 'line one\nline two' });
  });

  it('refuses more apps than a workspace file may hold, importing none', async () => {
    const apps = Array.from({ length: 501 }, (_, i) => ({ name: `App ${i}` }));
    const error = await refused('workspace.import', { document: file({ apps }) });
    expect(error.message).toContain('at most 500 apps');
    expect(await t.call('apps.list', {})).toHaveLength(2);
  });

  it('refuses a manifest nested thousands of levels deep with a plain error', async () => {
    const deep = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`) as unknown;
    const manifest = {
      id: 'deep',
      name: 'Deep',
      baseUrl: 'https://api.example.com',
      auth: { type: 'none' },
      entities: {
        things: { list: { path: '/x', recordsPath: '', pagination: { type: 'none' }, body: deep } },
      },
    };
    const error = await refused('workspace.import', { document: { ...file({}), manifests: [manifest] } });
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toContain('at most 32 levels');
  });

  it('does not quote a 100,000-character value back in full', async () => {
    const huge = 'x'.repeat(100_000);
    for (const error of [
      await refused('workspace.import', { document: file({ flows: [flow('Sync', { matchKey: huge })] }) }),
      await refused(huge, {}),
      await refused('workspace.import', {
        document: file({ apps: [{ name: 'A', connector: { preset: huge } }] }),
      }),
    ]) {
      expect(JSON.stringify(error).length).toBeLessThan(3000);
    }
  });
});
