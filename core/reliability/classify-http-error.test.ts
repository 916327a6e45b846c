import { describe, expect, it } from 'vitest';
import {
  classifyHttpResponse,
  classifyMalformedBody,
  classifyNetworkError,
  retryAfter,
} from './classify-http-error.ts';
import { errorClassPolicies, SyncError, syncErrorClasses } from './error-classes.ts';
import { answerMayBeLost, toSyncError } from './sync-error-policy.ts';

const now = new Date('2026-03-02T10:00:00.000Z');

function classify(status: number, body: unknown = '', headers: Record<string, string> = {}) {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
  return classifyHttpResponse({ appName: 'Stripe', status, headers, bodyText, now });
}

describe('classifyHttpResponse', () => {
  it.each([
    [401, 'auth', false],
    [403, 'auth', false],
    [400, 'validation', false],
    [422, 'validation', false],
    [404, 'not_found', false],
    [409, 'conflict', false],
    [429, 'rate_limit', true],
    [500, 'server', true],
    [502, 'server', true],
    [503, 'server', true],
    [408, 'network', true],
  ] as const)('classifies %i as %s', (status, errorClass, retryable) => {
    const error = classify(status, { message: 'nope' });
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ errorClass, retryable, status, appName: 'Stripe' });
    expect(error.message).toContain('Stripe');
    expect(error.action.length).toBeGreaterThan(10);
  });

  it("quotes the app's own message from the error shapes real APIs use", () => {
    const stripe = classify(400, {
      error: {
        type: 'invalid_request_error',
        code: 'email_invalid',
        param: 'email',
        message: 'Invalid email address: x',
      },
    });
    expect(stripe.message).toBe(
      'Stripe rejected this record because some of its data is not valid there. Stripe said: "Invalid email address: x"',
    );
    const hubspot = classify(400, {
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: 'Email is invalid',
    });
    expect(hubspot.detail).toBe('Email is invalid');
    expect(classify(422, { title: 'Invalid Resource', detail: 'email looks fake' }).detail).toBe(
      'Invalid Resource: email looks fake',
    );
    expect(
      classify(400, { Fault: { Error: [{ Message: 'Stale Object Error', Detail: 'SyncToken' }] } }).detail,
    ).toBe('Stale Object Error: SyncToken');
    expect(classify(500, 'upstream   timed\nout').detail).toBe('upstream timed out');
    // Shopify REST (Rails): by field, or one text.
    expect(classify(422, { errors: { email: ['is invalid'], base: ['Customer is locked'] } }).detail).toBe(
      'email is invalid; Customer is locked',
    );
    expect(classify(404, { errors: 'Not Found' }).detail).toBe('Not Found');
    // Zendesk: the descriptions under details, a list or one object per field.
    const zendesk = {
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: {
        email: [{ description: 'Email: x is not properly formatted' }],
        name: { description: 'Name: too short' },
      },
    };
    expect(classify(422, zendesk).detail).toBe('Email: x is not properly formatted; Name: too short');
    expect(classify(401, { error: "Couldn't authenticate you" }).detail).toBe("Couldn't authenticate you");
  });

  it('cuts a very long message short', () => {
    const error = classify(400, { message: 'x'.repeat(2_000) });
    expect(error.detail!.length).toBeLessThanOrEqual(300);
    expect(error.detail!.endsWith('…')).toBe(true);
  });

  it('reads rate limiting from the error code even when the status is not 429', () => {
    expect(
      classify(400, { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'slow' } })
        .errorClass,
    ).toBe('rate_limit');
    expect(
      classify(403, { status: 'error', errorType: 'RATE_LIMIT', message: 'ten_secondly' }).errorClass,
    ).toBe('rate_limit');
  });

  it("is not fooled by the record's own data echoed in a message", () => {
    const echoed = classify(400, {
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: 'Email address rate_limit@idempotency.example is invalid',
    });
    expect(echoed.errorClass).toBe('validation');
  });

  it("treats Stripe's reused idempotency key as a conflict, not a retryable error", () => {
    const error = classify(400, {
      error: { type: 'idempotency_error', message: 'Keys for idempotent requests…' },
    });
    expect(error).toMatchObject({ errorClass: 'conflict', retryable: false });
  });

  it('honours Retry-After in seconds and as an HTTP date, on 429 and 503', () => {
    expect(classify(429, '', { 'retry-after': '12' }).retryAfterMs).toBe(12_000);
    const date = new Date(now.getTime() + 30_000).toUTCString();
    expect(classify(503, '', { 'retry-after': date }).retryAfterMs).toBe(30_000);
    expect(classify(400, '', { 'retry-after': '12' }).retryAfterMs).toBeUndefined();
    // Shopify writes seconds with a decimal; read as a date it would mean "now".
    expect(classify(429, '', { 'retry-after': '2.0' }).retryAfterMs).toBe(2_000);
  });

  it('never carries the request (and so its credentials) in the error', () => {
    const error = classify(401, {
      error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' },
    });
    expect(JSON.stringify(error.toJSON())).not.toContain('Bearer');
    expect(error.toJSON()).toEqual({
      errorClass: 'auth',
      appName: 'Stripe',
      status: 401,
      message: error.message,
      action: 'Reconnect Stripe: Apps → Stripe → Credentials.',
    });
  });
});

describe('retryAfter', () => {
  it('reads seconds, a date in the past as zero, and HubSpot interval headers when the budget is spent', () => {
    expect(retryAfter({ 'retry-after': '0' }, now)).toBe(0);
    expect(retryAfter({ 'retry-after': 'Mon, 02 Mar 2026 09:00:00 GMT' }, now)).toBe(0);
    const hubspot = {
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-remaining': '0',
    };
    expect(retryAfter(hubspot, now)).toBe(10_000);
    expect(retryAfter({ ...hubspot, 'x-hubspot-ratelimit-remaining': '5' }, now)).toBeUndefined();
    expect(retryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
  });
});

describe('errors before any answer, and answers that are not data', () => {
  it('recognises connection failures, as fetch reports them, as network errors', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
    expect(classifyNetworkError(refused, 'HubSpot')).toMatchObject({
      errorClass: 'network',
      retryable: true,
    });
    const bare = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(classifyNetworkError(bare, 'HubSpot')?.errorClass).toBe('network');
    const reset = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(toSyncError(reset, 'HubSpot')).toMatchObject({ errorClass: 'network', retryable: true });
    expect(toSyncError(new DOMException('timed out', 'TimeoutError'), 'HubSpot').errorClass).toBe('network');
    expect(classifyNetworkError(new Error('boom'), 'HubSpot')).toBeUndefined();
    expect(toSyncError(new Error('boom'), 'HubSpot')).toMatchObject({
      errorClass: 'internal',
      retryable: false,
    });
    // Patchbay's own trouble is not blamed on the app.
    expect(toSyncError(new Error('database is locked'), 'HubSpot').message).toBe(
      'Something went wrong inside Patchbay: database is locked',
    );
  });

  it('tells a lost answer (the app may have done the write) from a request the app never took', () => {
    const failed = (code: string) =>
      toSyncError(
        Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) }),
        'Stripe',
      );
    for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT'])
      expect(answerMayBeLost(failed(code)), code).toBe(true);
    expect(answerMayBeLost(toSyncError(new DOMException('timed out', 'TimeoutError'), 'Stripe'))).toBe(true);
    expect(answerMayBeLost(classify(504))).toBe(true);
    expect(answerMayBeLost(classifyMalformedBody('Stripe'))).toBe(true);
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'UND_ERR_CONNECT_TIMEOUT'])
      expect(answerMayBeLost(failed(code)), code).toBe(false);
    for (const status of [400, 401, 404, 409, 429])
      expect(answerMayBeLost(classify(status)), `${status}`).toBe(false);
  });

  it("takes Patchbay's HTTP client at its word on whether the request left", () => {
    // HttpExchangeError (connectors/http/http-port.ts), built here by shape: reliability imports no client.
    const exchange = (neverSent: boolean, cause: unknown) =>
      Object.assign(new Error('The exchange with api.stripe.com failed'), {
        name: 'HttpExchangeError',
        neverSent,
        cause,
      });
    const tlsRefused = toSyncError(exchange(true, { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'Stripe');
    expect(tlsRefused).toMatchObject({ errorClass: 'network', neverSent: true, retryable: true });
    expect(tlsRefused.detail).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(answerMayBeLost(tlsRefused)).toBe(false);
    // A reset on a kept connection: the request went out, so the answer may be lost.
    expect(answerMayBeLost(toSyncError(exchange(false, { code: 'ECONNRESET' }), 'Stripe'))).toBe(true);
    expect(answerMayBeLost(toSyncError(exchange(false, new Error('aborted')), 'Stripe'))).toBe(true);
    expect(answerMayBeLost(toSyncError(exchange(true, new Error('no tunnel')), 'Stripe'))).toBe(false);
  });

  it('treats a 2xx body that is not valid data as a passing server fault', () => {
    const error = classifyMalformedBody('HubSpot');
    expect(error).toMatchObject({ errorClass: 'server', retryable: true });
    expect(error.message).toContain('not valid data');
  });
});

describe('error classes', () => {
  it('every class has plain words and an action that name no internals', () => {
    for (const errorClass of syncErrorClasses) {
      const policy = errorClassPolicies[errorClass];
      for (const text of [policy.explain('Xero'), policy.action('Xero')]) {
        expect(text).toMatch(/^[A-Z]/);
        expect(text).toMatch(/[.)]$/);
        expect(text).not.toMatch(/undefined|null|Error:|\bHTTP\b|status code/);
      }
    }
  });
});
