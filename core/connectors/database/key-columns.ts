// How a statement answers a row's id and match columns: under names of Patchbay's own
// (`pb_id0…`, `pb_key0…`), read back in order. Shared by the upsert (sql-statements.ts)
// and the connector's lookups (sql-connector.ts).

/**
 * `"id" AS "pb_id0", "m1" AS "pb_key0", "m2" AS "pb_key1"`: a row's id columns and match
 * columns under names no table's own columns clash with (`keyValues` reads them back).
 */
export function keyColumnsAs(
  quote: (name: string) => string,
  idColumns: readonly string[],
  matchColumns: readonly string[],
): string {
  return [
    ...idColumns.map((c, i) => `${quote(c)} AS ${quote(`pb_id${i}`)}`),
    ...matchColumns.map((c, i) => `${quote(c)} AS ${quote(`pb_key${i}`)}`),
  ].join(', ');
}

/** The values `keyColumnsAs` named, in order: `prefix` `pb_id` or `pb_key`. */
export function keyValues(row: Readonly<Record<string, unknown>>, prefix: 'pb_id' | 'pb_key', count: number) {
  return Array.from({ length: count }, (_, i) => row[`${prefix}${i}`]);
}
