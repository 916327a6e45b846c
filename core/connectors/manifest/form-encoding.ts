/**
 * `application/x-www-form-urlencoded` with bracketed nesting (`metadata[plan]=gold`,
 * `items[0][price]=5`), as Stripe and Rails-style APIs read it.
 * https://docs.stripe.com/api/metadata
 */
export function encodeForm(value: Record<string, unknown>): string {
  const pairs: string[] = [];
  const walk = (prefix: string, v: unknown): void => {
    if (v === undefined) return;
    if (v === null) {
      pairs.push(`${encodeURIComponent(prefix)}=`);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(`${prefix}[${i}]`, item));
    } else if (typeof v === 'object') {
      for (const [key, inner] of Object.entries(v)) walk(prefix ? `${prefix}[${key}]` : key, inner);
    } else {
      pairs.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(v))}`);
    }
  };
  walk('', value);
  return pairs.join('&');
}
