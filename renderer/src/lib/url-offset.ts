/** The page offset in the address (`offset=200`); anything else is the first page. */
export const offsetIn = (params: URLSearchParams) => Math.max(0, Number(params.get('offset')) || 0);
