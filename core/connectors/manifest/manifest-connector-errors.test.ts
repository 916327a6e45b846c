import { describe, expect, it } from 'vitest';
import { SyncError } from '../../reliability/error-classes.ts';
import { connect, itemsManifest, serverPerTest } from '../../testing/connector-test-kit.ts';
import { waitFromHeaders } from './rate-limit-headers.ts';

// Issue 11: a connector's own reading of its error answers, against real local servers
// answering as the APIs of docs/apis.md do: faults and throttles inside a 200, a
// throttle sent as a bare 403, the app's words where its body keeps them, and one
// record refused inside a batch the app took.

const { serve } = serverPerTest();

const create = { method: 'POST', path: '/items', body: '{{record}}', idPath: 'id' };
const writeManifest = (errors: unknown) => itemsManifest({ write: { create } }, { errors });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('It did not fail.');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(SyncError);
      return error as SyncError;
    },
  );

describe('error rules', () => {
  it('QuickBooks: a Fault inside a 200 refuses the record, in the words of Fault.Error[0].Detail', async () => {
    const s = await serve(() => ({
      body: {
        Fault: {
          Error: [{ Message: 'Duplicate Name Exists Error', Detail: 'The name supplied already exists.' }],
        },
        time: '2026-01-01T00:00:00.000-08:00',
      },
    }));
    const error = await failure(
      connect(
        writeManifest({
          messagePath: 'Fault.Error.0.Detail',
          rules: [{ path: 'Fault', class: 'validation' }],
        }),
        s.url,
      ).create('items', { DisplayName: 'Acme' }),
    );
    expect(error).toMatchObject({
      errorClass: 'validation',
      status: 200,
      detail: 'The name supplied already exists.',
    });
    expect(s.requests).toHaveLength(1);
  });

  it('Shopify GraphQL: THROTTLED inside a 200 is a throttle, waited out; empty userErrors are a success', async () => {
    let throttled = true;
    const s = await serve(() => {
      if (throttled) {
        throttled = false;
        return { body: { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] } };
      }
      return {
        body: { data: { customerCreate: { customer: { id: 'gid://shopify/Customer/1' }, userErrors: [] } } },
      };
    });
    const manifest = itemsManifest(
      {
        write: {
          create: { ...create, path: '/graphql.json', idPath: 'data.customerCreate.customer.id' },
        },
      },
      {
        errors: {
          messagePath: 'data.customerCreate.userErrors.0.message',
          rules: [
            {
              path: 'errors.0.extensions.code',
              equals: 'THROTTLED',
              class: 'rate_limit',
              retryAfterMs: 1000,
            },
            { path: 'data.customerCreate.userErrors', class: 'validation' },
          ],
        },
      },
    );
    const connector = connect(manifest, s.url);
    const error = await failure(connector.create('items', { email: 'a@example.com' }));
    expect(error).toMatchObject({ errorClass: 'rate_limit', retryAfterMs: 1000 });
    expect(await connector.create('items', { email: 'a@example.com' })).toBe('gid://shopify/Customer/1');
  });

  it('Shopify GraphQL: userErrors inside a 200 refuse the record with their message', async () => {
    const s = await serve(() => ({
      body: {
        data: {
          customerCreate: {
            customer: null,
            userErrors: [{ field: ['email'], message: 'Email has already been taken' }],
          },
        },
      },
    }));
    const manifest = itemsManifest(
      { write: { create: { ...create, idPath: 'data.customerCreate.customer.id' } } },
      {
        errors: {
          messagePath: 'data.customerCreate.userErrors.0.message',
          rules: [{ path: 'data.customerCreate.userErrors', class: 'validation' }],
        },
      },
    );
    const error = await failure(connect(manifest, s.url).create('items', { email: 'a@example.com' }));
    expect(error).toMatchObject({ errorClass: 'validation', detail: 'Email has already been taken' });
  });

  it('Mailchimp: a bare 403 is a throttle by the rule, not a refused sign-in', async () => {
    const s = await serve(() => ({
      status: 403,
      body: { title: 'Forbidden', detail: 'Too many connections.' },
    }));
    const manifest = writeManifest({
      messagePath: 'detail',
      rules: [{ status: [403], class: 'rate_limit', retryAfterMs: 30000 }],
    });
    const error = await failure(connect(manifest, s.url).create('items', {}));
    expect(error).toMatchObject({
      errorClass: 'rate_limit',
      status: 403,
      retryAfterMs: 30000,
      detail: 'Too many connections.',
    });
  });

  it('without a matching rule the status decides, and the message is read where the manifest says', async () => {
    const s = await serve(() => ({
      status: 422,
      body: {
        error: 'RecordInvalid',
        details: { email: [{ description: 'Email: is already being used by another user' }] },
      },
    }));
    const manifest = writeManifest({
      messagePath: 'details.email.0.description',
      rules: [{ status: [403], class: 'rate_limit' }],
    });
    const error = await failure(connect(manifest, s.url).create('items', {}));
    expect(error).toMatchObject({
      errorClass: 'validation',
      status: 422,
      detail: 'Email: is already being used by another user',
    });
    // A 403 with no rule would have been a refused sign-in: the rule is what changed it above.
    const plain = await serve(() => ({ status: 403, body: {} }));
    expect(await failure(connect(writeManifest(undefined), plain.url).create('items', {}))).toMatchObject({
      errorClass: 'auth',
    });
  });

  it.each([
    [{ rules: [{ class: 'validation' }] }, 'errors.rules.0'],
    [{ rules: [{ status: [200], equals: 'x', class: 'validation' }] }, 'errors.rules.0.equals'],
    [{ rules: [{ path: 'Fault', class: 'retry' }] }, 'errors.rules.0.class'],
    [{ messagePath: 'Fault[0]' }, 'errors.messagePath'],
  ])('refuses a rule that cannot be applied (%j), naming the field', (errors, path) => {
    expect(() =>
      itemsManifest({ list: { path: '/x', recordsPath: '', pagination: { type: 'none' } } }, { errors }),
    ).toThrow(`not valid at ${path}:`);
  });
});

describe('a record refused inside a batch the app took', () => {
  it('Xero: the refused contact fails alone with its ValidationErrors message; the others are written', async () => {
    const s = await serve(({ body }) => {
      const { Contacts } = JSON.parse(body) as { Contacts: { EmailAddress: string; Name: string }[] };
      return {
        body: {
          Contacts: Contacts.map((c, i) =>
            c.Name === ''
              ? {
                  EmailAddress: c.EmailAddress,
                  HasValidationErrors: true,
                  ValidationErrors: [{ Message: 'The contact name must be specified.' }],
                }
              : { EmailAddress: c.EmailAddress, ContactID: `contact-${i}`, HasValidationErrors: false },
          ),
        },
      };
    });
    const manifest = itemsManifest({
      write: {
        batchUpsert: {
          method: 'POST',
          path: '/api.xro/2.0/Contacts',
          query: { summarizeErrors: 'false' },
          batchSize: 50,
          body: { Contacts: '{{items}}' },
          item: '{{record}}',
          resultsPath: 'Contacts',
          resultKeyPath: 'EmailAddress',
          idPath: 'ContactID',
          itemErrorPath: 'ValidationErrors.0.Message',
        },
      },
    });
    const ids = await connect(manifest, s.url).batchUpsert('items', [
      { key: 'a@example.com', record: { EmailAddress: 'a@example.com', Name: 'Acme' } },
      { key: 'b@example.com', record: { EmailAddress: 'b@example.com', Name: '' } },
    ]);
    expect(ids.get('a@example.com')).toBe('contact-0');
    const refused = ids.get('b@example.com');
    expect(refused).toBeInstanceOf(SyncError);
    expect(refused).toMatchObject({
      errorClass: 'validation',
      detail: 'The contact name must be specified.',
    });
    expect(s.requests[0]!.query.get('summarizeErrors')).toBe('false');
  });
});

describe('rate-limit headers', () => {
  const spec = { remaining: 'X-RateLimit-Remaining', reset: 'X-RateLimit-Reset', pauseAtOrBelow: 2 };
  const now = new Date('2026-03-02T10:00:00.000Z');

  it('waits until a reset given as a unix time once the remaining count reaches the margin', () => {
    const reset = String(now.getTime() / 1000 + 90);
    const headers = (remaining: string) => ({
      'x-ratelimit-remaining': remaining,
      'x-ratelimit-reset': reset,
    });
    const unix = { ...spec, resetIn: 'unix_seconds' as const };
    expect(waitFromHeaders(unix, headers('3'), now)).toBeUndefined();
    expect(waitFromHeaders(unix, headers('2'), now)).toBe(90_000);
    expect(waitFromHeaders(unix, headers('0'), now)).toBe(90_000);
  });

  it('ignores answers without the headers, or with values that are not numbers', () => {
    const seconds = { ...spec, resetIn: 'seconds' as const };
    expect(waitFromHeaders(seconds, {}, now)).toBeUndefined();
    expect(
      waitFromHeaders(seconds, { 'x-ratelimit-remaining': 'none', 'x-ratelimit-reset': '5' }, now),
    ).toBeUndefined();
    expect(
      waitFromHeaders(undefined, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' }, now),
    ).toBeUndefined();
  });
});
