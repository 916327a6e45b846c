import { describe, expect, it } from 'vitest';
import { nextLinkFromHeader } from './link-header.ts';

describe('nextLinkFromHeader', () => {
  it('picks the rel="next" target among several links', () => {
    const header =
      '<https://shop.example/customers.json?page_info=p1>; rel="previous", <https://shop.example/customers.json?page_info=n1>; rel="next"';
    expect(nextLinkFromHeader(header)).toBe('https://shop.example/customers.json?page_info=n1');
  });

  it('accepts unquoted and multi-valued rel', () => {
    expect(nextLinkFromHeader('</items?page=2>; rel=next')).toBe('/items?page=2');
    expect(nextLinkFromHeader('</items?page=9>; rel="next last"')).toBe('/items?page=9');
  });

  it('finds nothing without a next link, or with a rel that only starts with "next"', () => {
    expect(nextLinkFromHeader(undefined)).toBeUndefined();
    expect(nextLinkFromHeader('</items?page=1>; rel="prev"')).toBeUndefined();
    expect(nextLinkFromHeader('</items?page=3>; rel="nextpage"')).toBeUndefined();
  });
});
