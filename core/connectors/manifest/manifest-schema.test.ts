import { describe, expect, it } from 'vitest';
import hubspot from '../presets/hubspot.json' with { type: 'json' };
import stripe from '../presets/stripe.json' with { type: 'json' };
import { builtInConnectors } from '../presets/index.ts';
import { parseManifest } from './manifest-schema.ts';
import { hubspotWith, refusal, type Edit } from './manifest-test-kit.ts';

/** The built-in manifests by id, as the catalogue holds them. */
const presets = new Map(builtInConnectors.map(({ manifest }) => [manifest.id, manifest]));

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
      'a deletions feed that keeps only marked items with no status to mark them',
      (m) =>
        (m.entities.contacts.deletions = {
          feed: { ...m.entities.contacts.deletions.feed, onlyMarked: true },
        }),
      'entities.contacts.deletions.feed.onlyMarked',
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
      'Use a number of at most 1,000.',
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
