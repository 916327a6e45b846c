import { describe, expect, it } from 'vitest';
import { canonicalJson } from './content-hash.ts';

describe('canonicalJson', () => {
  it('writes keys in order at every depth and leaves out undefined fields', () => {
    expect(
      canonicalJson({
        name: 'Anna',
        email: 'anna@example.com',
        gone: undefined,
        address: { zip: '10115', city: 'Berlin' },
        tags: ['b', { y: 2, x: 1 }, null],
      }),
    ).toBe(
      '{"address":{"city":"Berlin","zip":"10115"},"email":"anna@example.com","name":"Anna","tags":["b",{"x":1,"y":2},null]}',
    );
  });

  it('orders keys by UTF-16 code units, upper case before lower and digits first', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, '10': 4, '2': 5, é: 6, z: 7 })).toBe(
      '{"10":4,"2":5,"B":2,"a":3,"b":1,"z":7,"é":6}',
    );
  });

  it('is the same for the same record whatever the order its fields came in', () => {
    expect(canonicalJson({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      canonicalJson({ b: { d: 'x', c: [1, 2] }, a: 1 }),
    );
  });

  it('writes an empty object, an empty list and plain values as JSON does', () => {
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson('text "quoted"')).toBe('"text \\"quoted\\""');
    expect(canonicalJson(12.5)).toBe('12.5');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson([undefined, 1])).toBe('[,1]');
  });
});
