import { describe, expect, it } from 'vitest';
import { SyncError } from '../reliability/error-classes.ts';
import { KnownSecrets } from './known-secrets.ts';
import { redactingLogger } from './redacting-logger.ts';

const key = 'sk_live_canary_51HxLogged';
const bundle = JSON.stringify({
  type: 'oauth2',
  accessToken: 'at-canary-0123456789',
  refreshToken: 'rt-canary-9876543210',
  scope: 'contacts.read',
  tokenType: 'Bearer',
});

function capture() {
  const lines: string[] = [];
  const errors: unknown[] = [];
  const known = new KnownSecrets();
  known.note(key);
  known.note(bundle);
  const logger = redactingLogger(
    {
      info: (message) => lines.push(message),
      error: (message, error) => {
        lines.push(message);
        errors.push(error);
      },
    },
    known,
  );
  return { logger, lines, errors, known };
}

describe('the redacting logger', () => {
  it('masks known secrets in lines before the inner logger sees them', () => {
    const { logger, lines } = capture();
    logger.info(`Saved ${key} for Stripe`);
    logger.error(`Refresh with rt-canary-9876543210 failed`);
    expect(lines).toEqual(['Saved [redacted] for Stripe', 'Refresh with [redacted] failed']);
  });

  it("masks an error's message and stack, and keeps an error without secrets as it is", () => {
    const { logger, errors } = capture();
    const leaking = new TypeError(`fetch failed for Bearer at-canary-0123456789`);
    logger.error('Unexpected error in an API call', leaking);
    const clean = new Error('socket hang up');
    logger.error('Automatic retries failed', clean);
    logger.error('A listener failed', { header: `Bearer ${key}`, attempt: 2 });

    const masked = errors[0] as Error;
    expect(masked.name).toBe('TypeError');
    expect(masked.message).toBe('fetch failed for Bearer [redacted]');
    expect(masked.stack).not.toContain('at-canary-0123456789');
    expect(masked.stack).toContain('[redacted]');
    expect(errors[1]).toBe(clean);
    expect(errors[2]).toEqual({ header: 'Bearer [redacted]', attempt: 2 });
  });

  it('masks nothing it was not told about, and ignores values too short to be secrets', () => {
    const { logger, lines, known } = capture();
    known.note('Bearer');
    known.note(undefined);
    logger.info('Bearer tokens are sent to Stripe');
    expect(lines).toEqual(['Bearer tokens are sent to Stripe']);
  });

  it("cuts every known secret out of an app's words in a sync error", () => {
    const { known } = capture();
    const error = new SyncError('auth', 'Stripe', {
      status: 401,
      detail: `Invalid API Key provided: ${key}`,
    });
    const cleaned = known.redactError(error);
    expect(cleaned.detail).toBe('Invalid API Key provided: [redacted]');
    expect(cleaned.message).not.toContain(key);
    expect(cleaned.status).toBe(401);
  });

  it('masks nested answers without copying the ones that hold no secret', () => {
    const { known } = capture();
    const clean = { items: [{ name: 'Stripe' }], total: 1 };
    expect(known.maskDeep(clean)).toBe(clean);
    expect(known.maskDeep({ items: [{ notes: `key ${key}` }], total: 1 })).toEqual({
      items: [{ notes: 'key [redacted]' }],
      total: 1,
    });
  });
});
