import { describe, expect, it } from 'vitest';
import hubspot from '../presets/hubspot.json' with { type: 'json' };
import stripe from '../presets/stripe.json' with { type: 'json' };
import { builtInConnectors } from '../presets/index.ts';
import { ManifestError, parseManifest } from './manifest-schema.ts';

/** The built-in manifests by id, as the catalogue holds them. */
const presets = new Map(builtInConnectors.map(({ manifest }) => [manifest.id, manifest]));

/** A deep copy of the HubSpot preset with one change made by `edit`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests edit raw manifest JSON freely
type Edit = (manifest: any) => void;

function hubspotWith(edit: Edit): unknown {
  const copy = structuredClone(hubspot);
  edit(copy);
  return copy;
}

function refusal(input: unknown): ManifestError {
  try {
    parseManifest(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('The manifest was accepted.');
}

describe('the presets', () => {
  it('both parse, with defaults filled in', () => {
    const h = parseManifest(hubspot);
    expect(h.entities.contacts!.list!.pagination).toEqual({
      type: 'cursor',
      cursorPath: 'paging.next.after',
      param: 'after',
      in: 'body',
    });
    expect(h.entities.contacts!.write!.batchUpsert!.batchSize).toBe(100);
    expect(h.entities.contacts!.get!.method).toBe('GET');
    const s = parseManifest(stripe);
    expect(s.entities.customers!.write!.create).toMatchObject({
      bodyEncoding: 'form',
      idempotencyHeader: 'Idempotency-Key',
      idPath: 'id',
    });
    expect(s.entities.customers!.incremental).toMatchObject({ format: 'unix_seconds', order: 'descending' });
  });

  it('are in the catalog under their ids', () => {
    expect([...presets.keys()].sort()).toEqual([
      'airtable',
      'google-sheets',
      'hubspot',
      'mailchimp',
      'pipedrive',
      'quickbooks',
      'shopify',
      'stripe',
      'xero',
      'zendesk',
    ]);
  });
});

describe('a malformed manifest', () => {
  it.each<[string, Edit, string]>([
    [
      'an unknown pagination type',
      (m) => (m.entities.contacts.list.pagination = { type: 'scroll' }),
      'entities.contacts.list.pagination.type',
    ],
    ['an unknown auth type', (m) => (m.auth = { type: 'magic' }), 'auth.type'],
    [
      'a missing recordsPath',
      (m) => delete m.entities.contacts.list.recordsPath,
      'entities.contacts.list.recordsPath',
    ],
    [
      'a batch size of zero',
      (m) => (m.entities.contacts.write.batchUpsert.batchSize = 0),
      'entities.contacts.write.batchUpsert.batchSize',
    ],
    [
      'a batch size that is not a whole number',
      (m) => (m.entities.contacts.write.batchUpsert.batchSize = 2.5),
      'entities.contacts.write.batchUpsert.batchSize',
    ],
    [
      'a path without its leading slash',
      (m) => (m.entities.contacts.get.path = 'crm/v3/objects/contacts/{{id}}'),
      'entities.contacts.get.path',
    ],
    [
      'a records path that is not a dotted path',
      (m) => (m.entities.contacts.list.recordsPath = 'results[0]'),
      'entities.contacts.list.recordsPath',
    ],
    [
      'an API key without the place to send it',
      (m) => (m.auth = { type: 'api_key', name: 'X-Api-Key' }),
      'auth.in',
    ],
    ['a base URL that is not a URL', (m) => (m.baseUrl = 'api.hubapi.com'), 'baseUrl'],
    ['an id with capitals', (m) => (m.id = 'HubSpot'), 'id'],
    ['no entities', (m) => (m.entities = {}), 'entities'],
    ['a zero rate limit', (m) => (m.rateLimit.requests = 0), 'rateLimit.requests'],
    [
      'a read before an update the entity cannot read',
      (m) => {
        delete m.entities.contacts.get;
        m.entities.contacts.write.update = { method: 'POST', path: '/c', readFirst: true };
      },
      'entities.contacts.write.update.readFirst',
    ],
    [
      'a read before a create',
      (m) => (m.entities.contacts.write.create = { method: 'POST', path: '/c', readFirst: true }),
      'entities.contacts.write.create.readFirst',
    ],
    [
      'an OAuth value kept under the name of a setting',
      (m) => {
        m.settings = [{ name: 'realmId', label: 'Company' }];
        m.auth = {
          type: 'oauth2',
          authorizeUrl: 'https://login.example.com/a',
          tokenUrl: 'https://login.example.com/t',
          capture: [{ name: 'realmId', from: 'redirect', path: 'realmId' }],
        };
      },
      'auth.capture.0.name',
    ],
    [
      'an OAuth value kept from nowhere',
      (m) =>
        (m.auth = {
          type: 'oauth2',
          authorizeUrl: 'https://login.example.com/a',
          tokenUrl: 'https://login.example.com/t',
          capture: [{ name: 'realmId', from: 'cookie', path: 'realmId' }],
        }),
      'auth.capture.0.from',
    ],
    [
      'an OAuth token header with no name',
      (m) =>
        (m.auth = {
          type: 'oauth2',
          authorizeUrl: 'https://login.example.com/a',
          tokenUrl: 'https://login.example.com/t',
          tokenHeader: { name: '', prefix: '' },
        }),
      'auth.tokenHeader.name',
    ],
    [
      'an OAuth token address whose domain is a setting',
      (m) =>
        (m.auth = {
          type: 'oauth2',
          authorizeUrl: 'https://login.example.com/a',
          tokenUrl: 'https://login.{{config.domain}}/t',
        }),
      'auth.tokenUrl',
    ],
    [
      'the client-credentials grant keeping a value from a redirect',
      (m) =>
        (m.auth = {
          type: 'oauth2',
          grant: 'client_credentials',
          clientAuth: 'body',
          tokenUrl: 'https://login.example.com/t',
          capture: [{ name: 'realmId', from: 'redirect', path: 'realmId' }],
        }),
      'auth.capture',
    ],
    [
      'a template function that does not exist',
      (m) => (m.entities.contacts.get.query = { q: "name = '{{id|sqlquote}}'" }),
      'entities.contacts.get.query.q',
    ],
    [
      'a daily budget that says neither how much is left nor which 429 is the daily one',
      (m) => (m.rateLimit.dailyBudget = { resetAfterMs: 86_400_000 }),
      'rateLimit.dailyBudget',
    ],
    [
      'a daily budget that resets within a second',
      (m) => (m.rateLimit.dailyBudget = { remainingHeader: 'X-DayLimit-Remaining', resetAfterMs: 1000 }),
      'rateLimit.dailyBudget.resetAfterMs',
    ],
    [
      'a setting with a name that is not a plain word',
      (m) => (m.settings = [{ name: 'my shop', label: 'Shop' }]),
      'settings.0.name',
    ],
    [
      'a setting of an unknown type',
      (m) => (m.settings = [{ name: 'shop', label: 'Shop', type: 'colour' }]),
      'settings.0.type',
    ],
    [
      'a select setting without options',
      (m) => (m.settings = [{ name: 'region', label: 'Region', type: 'select' }]),
      'settings.0.options',
    ],
    [
      'a secret setting with a default',
      (m) => (m.settings = [{ name: 'key', label: 'Key', secret: true, default: 'abc' }]),
      'settings.0.default',
    ],
    [
      'a setting named like one every connector has',
      (m) => (m.settings = [{ name: 'baseUrl', label: 'Address' }]),
      'settings.0.name',
    ],
    [
      'a setting declared twice',
      (m) =>
        (m.settings = [
          { name: 'shop', label: 'Shop' },
          { name: 'shop', label: 'Shop again' },
        ]),
      'settings.1.name',
    ],
    [
      'two secret settings (an app has one credential)',
      (m) =>
        (m.settings = [
          { name: 'key', label: 'Key', secret: true },
          { name: 'pin', label: 'PIN', secret: true },
        ]),
      'settings',
    ],
    [
      'a placeholder that names no setting',
      (m) => (m.headers = { 'xero-tenant-id': '{{config.tenantId}}' }),
      'headers',
    ],
    [
      'a derived value read from no setting',
      (m) => (m.derived = [{ name: 'dc', from: 'apiKey', after: '-' }]),
      'derived.0.from',
    ],
    [
      'a derived value that does not say which part to keep',
      (m) => (m.derived = [{ name: 'dc', from: 'secret' }]),
      'derived.0',
    ],
    [
      'a placeholder that would choose the domain of the address',
      (m) => {
        m.settings = [{ name: 'domain', label: 'Domain' }];
        m.baseUrl = 'https://api.{{config.domain}}';
      },
      'baseUrl',
    ],
    [
      'a placeholder in the port of the address',
      (m) => {
        m.settings = [{ name: 'port', label: 'Port' }];
        m.baseUrl = 'https://{{config.port}}.api.example.com:{{config.port}}';
      },
      'baseUrl',
    ],
    [
      'a secret setting placed in the host',
      (m) => {
        m.settings.push({ name: 'key', label: 'Key', secret: true });
        m.baseUrl = 'https://{{config.key}}.api.example.com';
      },
      'baseUrl',
    ],
    [
      'an unknown write method',
      (m) => (m.entities.contacts.write.batchUpsert.method = 'UPSERT'),
      'entities.contacts.write.batchUpsert.method',
    ],
  ])('is refused for %s, naming the bad field', (_, edit, path) => {
    const error = refusal(hubspotWith(edit));
    expect(error.path).toBe(path);
    expect(error.message).toMatch(
      new RegExp(`^The connector manifest is not valid at ${path.replaceAll('.', '\\.')}: `),
    );
  });

  it('says what is wrong in plain words where the manifest has its own rule', () => {
    expect(refusal(hubspotWith((m) => (m.entities.contacts.get.path = 'contacts'))).message).toBe(
      'The connector manifest is not valid at entities.contacts.get.path: A request path starts with "/".',
    );
    expect(refusal(hubspotWith((m) => (m.id = 'Hub Spot'))).message).toBe(
      'The connector manifest is not valid at id: A connector id uses lower-case letters, digits and dashes.',
    );
    expect(refusal(hubspotWith((m) => (m.entities = {}))).message).toBe(
      'The connector manifest is not valid at entities: A connector needs at least one entity.',
    );
    expect(refusal(hubspotWith((m) => (m.entities.contacts.list.recordsPath = 'a..b'))).message).toContain(
      'Use a dotted path such as "paging.next.after"',
    );
  });

  it("explains zod's checks in plain words too", () => {
    const message = (edit: Edit) => refusal(hubspotWith(edit)).message.replace(/^.*?: /, '');
    expect(message((m) => (m.entities.contacts.list.pagination = { type: 'scroll' }))).toBe(
      'The type "scroll" is not known: use one of "none", "cursor", "last_id", "link_header", "next_url", "page_number", "offset".',
    );
    expect(message((m) => (m.auth = {}))).toBe(
      'The type is missing: use one of "none", "api_key", "bearer", "basic", "oauth2".',
    );
    expect(message((m) => delete m.entities.contacts.list.recordsPath)).toBe(
      'This is missing: it should be text.',
    );
    expect(message((m) => (m.entities.contacts.write.batchUpsert.batchSize = 0))).toBe(
      'Use a number of at least 1.',
    );
    expect(message((m) => (m.entities.contacts.write.batchUpsert.batchSize = 5000))).toBe(
      'Use a number of at most 1000.',
    );
    expect(message((m) => (m.entities.contacts.write.batchUpsert.batchSize = 2.5))).toBe(
      'This should be a whole number, not the fraction 2.5.',
    );
    expect(message((m) => (m.entities.contacts.write.batchUpsert.batchSize = '100'))).toBe(
      'This should be a number, not the text "100".',
    );
    expect(message((m) => (m.auth = { type: 'api_key', name: 'X-Api-Key', in: 'cookie' }))).toBe(
      'Use one of "header", "query", not "cookie".',
    );
    expect(message((m) => (m.baseUrl = 'api.hubapi.com'))).toBe(
      'Use a full web address, such as https://api.example.com.',
    );
    expect(message((m) => (m.name = ''))).toBe('This cannot be empty.');
  });

  it('is refused as a whole when it is not an object', () => {
    expect(refusal('hubspot').path).toBe('(manifest)');
    expect(refusal(null).message).toMatch(/^The connector manifest is not valid at \(manifest\): /);
  });
});

describe('a manifest whose paths or templates reach a prototype (issue 16)', () => {
  const protoKey = (value: unknown) => JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`) as unknown;

  it.each<[string, Edit, string, string]>([
    [
      'a records path',
      (m) => (m.entities.contacts.list.recordsPath = '__proto__'),
      'entities.contacts.list.recordsPath',
      '"__proto__" cannot be used in a field path.',
    ],
    [
      'a cursor path',
      (m) => (m.entities.contacts.list.pagination.cursorPath = 'paging.constructor.prototype'),
      'entities.contacts.list.pagination.cursorPath',
      '"constructor" cannot be used in a field path.',
    ],
    [
      'a fields path',
      (m) => (m.entities.contacts.fieldsPath = 'prototype'),
      'entities.contacts.fieldsPath',
      '"prototype" cannot be used in a field path.',
    ],
    [
      'an incremental cursor field',
      (m) => (m.entities.contacts.incremental.cursorField = 'constructor'),
      'entities.contacts.incremental.cursorField',
      '"constructor" cannot be used in a field path.',
    ],
    [
      'a request path template',
      (m) => (m.entities.contacts.get.path = '/crm/v3/objects/contacts/{{config.constructor}}'),
      'entities.contacts.get.path',
      '"constructor" cannot be used in a field path.',
    ],
    [
      'a query template',
      (m) => (m.entities.contacts.get.query.properties = '{{ __proto__.baseUrl }}'),
      'entities.contacts.get.query.properties',
      '"__proto__" cannot be used in a field path.',
    ],
    [
      'a template deep in a body',
      (m) => (m.entities.contacts.list.body.filterGroups[0].filters[0].value = '{{cursor.constructor}}'),
      'entities.contacts.list.body.filterGroups.0.filters.0.value',
      '"constructor" cannot be used in a field path.',
    ],
    [
      'a template in a batch item',
      (m) => (m.entities.contacts.write.batchUpsert.item.properties = '{{record.__proto__}}'),
      'entities.contacts.write.batchUpsert.item.properties',
      '"__proto__" cannot be used in a field path.',
    ],
    [
      'a "__proto__" key in a body',
      (m) => (m.entities.contacts.list.body = protoKey({ limit: 1 })),
      'entities.contacts.list.body',
      '"__proto__" cannot be used as a name.',
    ],
    [
      'a "__proto__" header',
      (m) => (m.headers = protoKey('x')),
      'headers',
      '"__proto__" cannot be used as a name.',
    ],
    [
      'a "__proto__" entity',
      (m) => (m.entities = protoKey(m.entities.contacts)),
      'entities',
      '"__proto__" cannot be used as a name.',
    ],
  ])('is refused for %s, naming the path', (_, edit, path, message) => {
    const error = refusal(hubspotWith(edit));
    expect(error.message).toBe(`The connector manifest is not valid at ${path}: ${message}`);
    expect(error.path).toBe(path);
  });
});

describe('named adapters and template functions', () => {
  it('names only an adapter Patchbay has, and describes a sheet as upserted in batches', () => {
    const sheets = presets.get('google-sheets')!;
    expect(sheets.entities.rows!.rows).toEqual({
      adapter: 'header-row',
      keyColumn: '{{config.keyColumn}}',
      batchSize: 500,
    });
    expect(
      refusal(
        hubspotWith((m) => {
          m.entities.contacts.rows = { adapter: 'run-my-script', keyColumn: 'Email' };
        }),
      ).path,
    ).toBe('entities.contacts.rows.adapter');
  });

  it('takes the formula and sheetname functions, and refuses one it does not know', () => {
    expect(presets.get('airtable')!.entities.records!.lookup!.query.filterByFormula).toContain('|formula');
    expect(
      refusal(
        hubspotWith((m) => {
          m.entities.contacts.get.query.properties = '{{key|eval}}';
        }),
      ).message,
    ).toContain('"eval" is not a template function');
  });
});
