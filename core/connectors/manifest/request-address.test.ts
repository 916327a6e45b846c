import { describe, expect, it } from 'vitest';
import { formComponent, requestAddress } from './request-address.ts';

// Texts that every rule of the form encoder touches: kept characters, a space, the
// characters encodeURIComponent keeps but the form encoder does not, delimiters, UTF-8
// of two to four bytes, a lone surrogate, and an email as a lookup sends it.
const texts = [
  'anna@example.com',
  'a b+c&d=e?f#g/h',
  "!'()~*-._",
  '%41 already encoded',
  'Zoë Ærø 東京 😀',
  'lone \ud800 surrogate',
  '',
  'tab\tnew\nline',
];

describe('requestAddress', () => {
  it('writes each name and value exactly as URLSearchParams does', () => {
    for (const text of texts) {
      expect(formComponent(text)).toBe(new URLSearchParams({ x: text }).toString().slice(2));
      const url = requestAddress('https://api.example.com/v1/customers', { [text]: text, limit: '1' });
      const expected = new URL('https://api.example.com/v1/customers');
      expected.searchParams.set(text, text);
      expected.searchParams.set('limit', '1');
      expect(url.href).toBe(expected.href);
      expect(url.searchParams.get(text)).toBe(text.toWellFormed());
    }
  });

  it('leaves an address with no parameters as it is', () => {
    expect(requestAddress('https://api.example.com/v1/customers/cus_1', {}).href).toBe(
      'https://api.example.com/v1/customers/cus_1',
    );
  });

  it('replaces a parameter the path already names instead of repeating it', () => {
    const url = requestAddress('https://api.example.com/v1/items?limit=10&expand=x', { limit: '100' });
    expect(url.searchParams.getAll('limit')).toEqual(['100']);
    expect(url.searchParams.get('expand')).toBe('x');
  });
});
