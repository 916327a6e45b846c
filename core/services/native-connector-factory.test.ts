import { describe, expect, it } from 'vitest';
import type { App } from '../contract/apps.ts';
import { createConnectorCatalog, summaryOf } from '../connectors/connector-catalog.ts';
import type { NativeConnectorContext, NativeConnectorDefinition } from '../connectors/native-connector.ts';
import { createNodeHttpClient } from '../connectors/http/node-http-client.ts';
import { secretAccount } from '../secrets/secret-store.ts';
import { SyncError } from '../reliability/sync-error-policy.ts';
import { createInMemoryConnector } from '../testing/in-memory-connector.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { createConnectorFactory } from './connector-factory.ts';

// A connector written in code (the kind files and databases are) sits in the catalogue
// beside the REST ones and is opened by the same factory, with the app's settings and
// its keychain credential, and with the credential kept out of its errors.

const now = () => new Date('2026-11-29T12:00:00Z');

function definitionThatRemembers(opened: NativeConnectorContext[]): NativeConnectorDefinition {
  return {
    id: 'ledger-db',
    name: 'Ledger database',
    kind: 'database',
    category: 'database',
    version: '1',
    source: 'this test',
    settings: [
      { name: 'host', label: 'Host', type: 'text', required: true, secret: false },
      { name: 'password', label: 'Password', type: 'text', required: false, secret: true },
    ],
    entities: [],
    open(context) {
      opened.push(context);
      const connector = createInMemoryConnector(
        context.appName,
        { customers: { matchField: 'email' } },
        { now },
      );
      return {
        ...connector,
        // A driver that quotes its connection string in an error, password and all.
        check: async () => {
          throw new SyncError('auth', context.appName, {
            detail: `login refused for ${await context.secret()}`,
          });
        },
      };
    },
  };
}

function app(kind: 'database' | 'rest'): App {
  return {
    id: 'app-1',
    name: 'Ledger',
    vendor: '',
    category: 'database',
    owner: '',
    criticality: 'medium',
    notes: '',
    entities: [],
    connector: { kind, connector: 'ledger-db', config: { host: 'db.local' } },
    createdAt: now().toISOString(),
    updatedAt: now().toISOString(),
  };
}

describe('a connector written in code', () => {
  const opened: NativeConnectorContext[] = [];
  const catalog = createConnectorCatalog({ builtIn: [], native: [definitionThatRemembers(opened)] });
  const secrets = new InMemorySecretStore();
  const factory = createConnectorFactory({
    catalog,
    secrets,
    workspaceName: 'acme',
    send: createNodeHttpClient().send,
    clock: { now },
    sleep: async () => undefined,
    random: () => 0.5,
  });

  it('is listed with its declared settings and no host of its own', () => {
    const summary = summaryOf(catalog.get('ledger-db')!);
    expect(summary).toMatchObject({
      kind: 'database',
      origin: 'built-in',
      auth: 'basic',
      hosts: [],
      baseUrl: '',
    });
    expect(summary.settings.map((s) => [s.name, s.secret])).toEqual([
      ['host', false],
      ['password', true],
    ]);
  });

  it('is opened for an app with its settings and its credential, which never reaches an error', async () => {
    await secrets.set(secretAccount('acme', 'app-1'), 'hunter2-secret');
    const connector = factory.forApp(app('database'));
    expect(opened.at(-1)?.config).toEqual({ host: 'db.local' });
    expect(await opened.at(-1)?.secret()).toBe('hunter2-secret');
    const error = await connector.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(String((error as Error).message)).not.toContain('hunter2-secret');
    expect(connector.entityNames()).toEqual(['customers']);
  });

  it('is refused, in words, for an app saved with another kind', () => {
    expect(() => factory.forApp(app('rest'))).toThrow(/kind "database"/);
  });
});
