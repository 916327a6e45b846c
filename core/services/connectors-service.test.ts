import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInConnectors } from '../connectors/presets/index.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { notebookManifest } from '../testing/notebook-api.ts';
import { openTestCore, type TestCore } from '../testing/temp-workspace.ts';

let t: TestCore;
beforeEach(() => (t = openTestCore({ secrets: new InMemorySecretStore() })));
afterEach(() => t.dispose());

type Manifest = ReturnType<typeof notebookManifest>;
// REST connectors only: those written in code (files, databases) are built in and installed by no one.
const restConnectors = async () => (await t.call('connectors.list')).filter((c) => c.kind === 'rest');
/** Every connector Patchbay ships, as `ids()` lists them. */
const builtIns = builtInConnectors.map(({ manifest }) => `${manifest.id} built-in ${manifest.version}`);
const ids = async () => (await restConnectors()).map((c) => `${c.id} ${c.origin} ${c.version}`);

describe('categories', () => {
  it('groups every connector by the kind of app it reaches; a missing or unknown one is other', async () => {
    const byId = Object.fromEntries((await t.call('connectors.list')).map((c) => [c.id, c.category]));
    expect(byId).toMatchObject({
      hubspot: 'crm',
      pipedrive: 'crm',
      stripe: 'billing',
      shopify: 'shop',
      mailchimp: 'mailing',
      zendesk: 'helpdesk',
      folder: 'files',
      sqlite: 'database',
      postgres: 'database',
      mysql: 'database',
    });
    await t.call('connectors.install', { manifest: notebookManifest('1.0.0') });
    await t.call('connectors.install', {
      manifest: { ...notebookManifest('1.0.0'), id: 'ledger', category: 'ledgers' },
    });
    const installed = Object.fromEntries((await restConnectors()).map((c) => [c.id, c.category]));
    expect(installed).toMatchObject({ notebook: 'other', ledger: 'other' });
    const known = await t.call('connectors.check', {
      manifest: { ...notebookManifest(), category: 'accounting' },
    });
    expect(known.connector!.category).toBe('accounting');
  });
});

describe('installing connectors', () => {
  it('installs, leaves an equal one unchanged, updates to a newer version and refuses an older one', async () => {
    expect(
      await t.call('connectors.install', { manifest: notebookManifest('1.0.0'), source: 'notebook.json' }),
    ).toMatchObject({
      change: 'installed',
      connector: { id: 'notebook', origin: 'installed', version: '1.0.0', source: 'notebook.json' },
    });
    expect((await t.call('connectors.install', { manifest: notebookManifest('1.0.0') })).change).toBe(
      'unchanged',
    );
    expect((await t.call('connectors.install', { manifest: notebookManifest('1.2') })).change).toBe(
      'updated',
    );
    const older = await t.core.invoke('connectors.install', { manifest: notebookManifest('1.1.9') });
    expect(older).toMatchObject({ ok: false, error: { kind: 'invalid_input', field: 'manifest.version' } });
    expect(await ids()).toEqual([...builtIns, 'notebook installed 1.2']);
    const listed = await restConnectors();
    const hosts = Object.fromEntries(listed.map((c) => [c.id, c.hosts]));
    expect(hosts).toMatchObject({
      hubspot: ['https://api.hubapi.com'],
      stripe: ['https://api.stripe.com'],
      notebook: ['https://api.notebook.example'],
    });
  });

  it('never replaces or removes a built-in connector', async () => {
    const stripe = { ...notebookManifest(), id: 'stripe' };
    const check = await t.call('connectors.check', { manifest: stripe });
    expect(check).toMatchObject({ valid: false, change: 'refused', issues: [{ field: 'id' }] });
    expect(check.issues[0]!.message).toContain('built into Patchbay');
    expect((await t.core.invoke('connectors.remove', { id: 'hubspot' })).ok).toBe(false);
    expect(await ids()).toEqual([...builtIns]);
  });

  it('says where a connector sends credentials, and warns of creates that cannot be retried safely', async () => {
    const manifest = notebookManifest();
    delete (manifest.entities.people as Partial<Manifest['entities']['people']>).lookup;
    const check = await t.call('connectors.check', { manifest });
    expect(check.valid).toBe(true);
    expect(check.hosts).toEqual(['https://api.notebook.example']);
    expect(check.connector!.hosts).toEqual(check.hosts);
    expect(check.warnings).toEqual([
      expect.stringContaining('people: creates carry no idempotency key and cannot be looked up first'),
    ]);
    expect(check.connector!.entities[0]).toMatchObject({
      canList: true,
      canLookup: false,
      createRetry: 'limited',
      fields: [{ name: 'email' }, { name: 'name' }],
    });
  });

  it('removes an installed connector only when no app uses it', async () => {
    await t.call('connectors.install', { manifest: notebookManifest() });
    const app = await t.call('apps.create', {
      name: 'Notes',
      connector: { kind: 'rest', connector: 'notebook', config: {} },
    });
    const refused = await t.core.invoke('connectors.remove', { id: 'notebook' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(JSON.stringify(refused)).toContain('used by Notes');
    await t.call('apps.delete', { id: app.id });
    await t.call('connectors.remove', { id: 'notebook' });
    expect(await ids()).toEqual([...builtIns]);
  });
});

// A manifest being spoiled is any shape at all: that is the point of these tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** One malformed manifest: what is done to a good one, and the field the refusal names. */
const malformed: [string, (m: Loose) => void, string][] = [
  ['no id', (m) => delete m.id, 'id'],
  ['an id with capitals', (m) => (m.id = 'Notebook'), 'id'],
  ['an id with spaces', (m) => (m.id = 'note book'), 'id'],
  ['a numeric id', (m) => (m.id = 7), 'id'],
  ['no name', (m) => delete m.name, 'name'],
  ['an empty name', (m) => (m.name = ''), 'name'],
  ['a version in words', (m) => (m.version = 'latest'), 'version'],
  ['a version with four parts', (m) => (m.version = '1.2.3.4'), 'version'],
  ['docs that are not addresses', (m) => (m.docs = ['not a url']), 'docs.0'],
  ['no base address', (m) => delete m.baseUrl, 'baseUrl'],
  ['a base address that is not one', (m) => (m.baseUrl = 'api.notebook.example'), 'baseUrl'],
  ['no auth', (m) => delete m.auth, 'auth'],
  ['an unknown auth type', (m) => (m.auth = { type: 'magic' }), 'auth.type'],
  ['an api key without its name', (m) => (m.auth = { type: 'api_key', in: 'header' }), 'auth.name'],
  ['an api key in the body', (m) => (m.auth = { type: 'api_key', in: 'body', name: 'key' }), 'auth.in'],
  [
    'oauth without a token address',
    (m) => (m.auth = { type: 'oauth2', authorizeUrl: 'https://a.example/x' }),
    'auth.tokenUrl',
  ],
  ['no entities', (m) => (m.entities = {}), 'entities'],
  ['entities as a list', (m) => (m.entities = []), 'entities'],
  ['a __proto__ entity', (m) => (m.entities = JSON.parse('{"__proto__": {}}')), 'entities'],
  ['a list without a path', (m) => delete m.entities.people.list.path, 'entities.people.list.path'],
  [
    'a path without its slash',
    (m) => (m.entities.people.list.path = 'v1/people'),
    'entities.people.list.path',
  ],
  ['an unknown method', (m) => (m.entities.people.list.method = 'FETCH'), 'entities.people.list.method'],
  ['no records path', (m) => delete m.entities.people.list.recordsPath, 'entities.people.list.recordsPath'],
  [
    'a records path with a space',
    (m) => (m.entities.people.list.recordsPath = 'da ta'),
    'entities.people.list.recordsPath',
  ],
  [
    'a records path through __proto__',
    (m) => (m.entities.people.list.recordsPath = '__proto__.x'),
    'entities.people.list.recordsPath',
  ],
  ['no pagination', (m) => delete m.entities.people.list.pagination, 'entities.people.list.pagination'],
  [
    'an unknown pagination',
    (m) => (m.entities.people.list.pagination = { type: 'scroll' }),
    'entities.people.list.pagination.type',
  ],
  [
    'a cursor pagination without its path',
    (m) => (m.entities.people.list.pagination = { type: 'cursor', param: 'after' }),
    'entities.people.list.pagination.cursorPath',
  ],
  [
    'a page size of zero',
    (m) => (m.entities.people.list.pageSize.value = 0),
    'entities.people.list.pageSize.value',
  ],
  [
    'a page size of a million',
    (m) => (m.entities.people.list.pageSize.value = 1_000_000),
    'entities.people.list.pageSize.value',
  ],
  [
    'a page size in words',
    (m) => (m.entities.people.list.pageSize.value = 'fifty'),
    'entities.people.list.pageSize.value',
  ],
  [
    'a template reaching __proto__',
    (m) => (m.entities.people.list.query = { since: '{{__proto__.x}}' }),
    'entities.people.list.query.since',
  ],
  [
    'a template reaching constructor',
    (m) => (m.entities.people.list.query = { since: '{{constructor.name}}' }),
    'entities.people.list.query.since',
  ],
  ['a query that is a list', (m) => (m.entities.people.list.query = ['a']), 'entities.people.list.query'],
  [
    'an incremental without its field',
    (m) => delete m.entities.people.incremental.cursorField,
    'entities.people.incremental.cursorField',
  ],
  [
    'an unknown cursor format',
    (m) => (m.entities.people.incremental.format = 'dd/mm/yyyy'),
    'entities.people.incremental.format',
  ],
  [
    'an unknown order',
    (m) => (m.entities.people.incremental.order = 'random'),
    'entities.people.incremental.order',
  ],
  ['a get without a path', (m) => delete m.entities.people.get.path, 'entities.people.get.path'],
  [
    'a lookup without its records path',
    (m) => delete m.entities.people.lookup.recordsPath,
    'entities.people.lookup.recordsPath',
  ],
  [
    'a create without a path',
    (m) => delete m.entities.people.write.create.path,
    'entities.people.write.create.path',
  ],
  [
    'an id path through prototype',
    (m) => (m.entities.people.write.create.idPath = 'prototype.id'),
    'entities.people.write.create.idPath',
  ],
  [
    'a batch of 5,000',
    (m) =>
      (m.entities.people.write.batchUpsert = {
        method: 'POST',
        path: '/v1/batch',
        batchSize: 5000,
        item: '{{record}}',
        resultsPath: 'data',
        resultKeyPath: 'email',
      }),
    'entities.people.write.batchUpsert.batchSize',
  ],
  ['a field with no name', (m) => (m.entities.people.fields = [{}]), 'entities.people.fields.0.name'],
  ['a rate limit of zero', (m) => (m.rateLimit = { requests: 0, perMs: 1000 }), 'rateLimit.requests'],
  ['a check that is text', (m) => (m.check = '/v1/people'), 'check'],
  [
    'nesting 40 levels deep',
    (m) => (m.entities.people.list.body = JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`)),
    '(manifest)',
  ],
];

describe('a malformed manifest', () => {
  it.each(malformed)(
    'with %s is refused naming the field, and nothing is installed',
    async (_, spoil, field) => {
      const manifest = structuredClone(notebookManifest()) as Loose;
      spoil(manifest);
      const check = await t.call('connectors.check', { manifest });
      expect(check.valid).toBe(false);
      expect(check.issues.map((issue) => issue.field)).toContain(field);
      expect(check.issues.every((issue) => issue.message.length > 0)).toBe(true);
      const install = await t.core.invoke('connectors.install', { manifest });
      expect(install).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
      expect(await ids()).toEqual([...builtIns]);
    },
  );

  it('is refused when it is not a manifest at all', async () => {
    for (const manifest of [null, 42, 'notebook', [], [notebookManifest()]]) {
      const check = await t.call('connectors.check', { manifest });
      expect(check.valid).toBe(false);
    }
  });
});
