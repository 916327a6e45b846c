import { useSearchParams } from 'react-router';
import { offsetIn } from '../../lib/url-offset.ts';

/**
 * Filters and the page offset kept in the address (`#/runs?status=failed&offset=50`), so
 * a filtered view survives a reload and can be shared. Changing a filter goes back to
 * the first page; an empty value removes the filter.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      if (key !== 'offset') next.delete('offset');
      return next;
    });
  return {
    params,
    offset: offsetIn(params),
    set,
    setOffset: (offset: number) => set('offset', offset > 0 ? String(offset) : ''),
    clear: () => setParams(new URLSearchParams()),
  };
}
