import { describe, expect, it } from 'vitest';
import { rowsShownPerGroup } from './first-screenful.ts';

describe('rowsShownPerGroup', () => {
  it('draws the first groups in full, part of the next, and none after', () => {
    expect(rowsShownPerGroup([3, 20, 1, 5], 12)).toEqual([3, 9, 0, 0]);
  });

  it('draws every row when the budget is not reached or unlimited', () => {
    expect(rowsShownPerGroup([1, 70, 1], Number.POSITIVE_INFINITY)).toEqual([1, 70, 1]);
    expect(rowsShownPerGroup([2, 3], 12)).toEqual([2, 3]);
    expect(rowsShownPerGroup([], 12)).toEqual([]);
  });
});
