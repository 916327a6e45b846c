/**
 * JSON with sorted keys, so equal records hash equally whatever their key order. Every
 * record of a sync is hashed through it, so it builds one string instead of arrays of
 * entries; its output is the stored content hashes' input and must never change.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${canonicalJson(value[i]) ?? ''}`;
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // The default sort orders by UTF-16 code units, as comparing the strings with < does.
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const inner = object[key];
    if (inner === undefined) continue;
    out += `${out === '{' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(inner)}`;
  }
  return `${out}}`;
}
