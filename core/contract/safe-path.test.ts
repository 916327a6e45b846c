import { afterEach, describe, expect, it } from 'vitest';
import { ownValue, setOwn } from './safe-path.ts';

describe('setOwn', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>)['email'];
  });

  it('writes "__proto__" as a plain field of the object, leaving its prototype alone', () => {
    const record: Record<string, unknown> = {};
    setOwn(record, '__proto__', { admin: true });
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.hasOwn(record, '__proto__')).toBe(true);
    expect((record as { admin?: boolean }).admin).toBeUndefined();
    expect(JSON.stringify(record)).toBe('{"__proto__":{"admin":true}}');
  });

  it('makes a field of its own even where a polluted prototype has one of that name', () => {
    (Object.prototype as Record<string, unknown>)['email'] = 'attacker@example.com';
    const record: Record<string, unknown> = {};
    setOwn(record, 'email', 'anna@example.com');
    expect(ownValue(record, 'email')).toBe('anna@example.com');
    expect(Object.keys(record)).toEqual(['email']);
    expect(({} as Record<string, unknown>)['email']).toBe('attacker@example.com');
  });
});
