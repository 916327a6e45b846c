/**
 * How many rows a page draws first: more than a tall screen holds (a row is 130–220 px
 * high under the view's header of ~300 px), far fewer than the page's 100. React's first render of a page of 100 rows took
 * 60–90 ms of the 200 ms the first rows have (issue 17); the rest of the page is drawn
 * right after, in the background (failure-groups.tsx).
 */
export const firstScreenful = 8;

/**
 * How many of its rows each group draws when at most `budget` rows are drawn in all, in
 * the page's order: the first groups in full, then part of one, then none.
 */
export function rowsShownPerGroup(rowCounts: readonly number[], budget: number): number[] {
  let left = budget;
  return rowCounts.map((count) => {
    const shown = Math.min(count, Math.max(0, left));
    left -= shown;
    return shown;
  });
}
