// A key of several fields (an order number and a line number): how a flow names one and
// how its values become one key text. Pure: the engine, the connectors and the renderer share it.

/** Written between the fields of a flow's match key: `order_no + line_no`. */
export const keyFieldJoiner = ' + ';

/**
 * The fields a match key names: `order_no + line_no` → both when each is one of
 * `targets` (the flow's mapped fields), else the whole text as one field (a field may
 * itself hold a `+`).
 */
export function keyFieldsOf(matchKey: string, targets: readonly string[]): string[] {
  const parts = matchKey.split('+').map((part) => part.trim());
  if (parts.length > 1 && parts.every((part) => part !== '' && targets.includes(part))) return parts;
  return [matchKey];
}

/**
 * Values as one key text: one value as its text; several as a JSON array
 * (`["1001","2"]`), so that no two different tuples share a text. Empty when a value is
 * missing: a key with a part missing is no key.
 */
export function joinKey(values: readonly unknown[]): string {
  const texts = values.map((v) => (v === null || v === undefined ? '' : String(v)));
  if (texts.length === 1) return texts[0]!;
  return texts.some((t) => t === '') ? '' : JSON.stringify(texts);
}

/** The values of a key text made by `joinKey` from `parts` values; undefined when it is not one. */
export function splitKey(key: string, parts: number): string[] | undefined {
  if (parts === 1) return [key];
  try {
    const values: unknown = JSON.parse(key);
    return Array.isArray(values) && values.length === parts && values.every((v) => typeof v === 'string')
      ? (values as string[])
      : undefined;
  } catch {
    return undefined;
  }
}
