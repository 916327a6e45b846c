/** A record's fields as "name: value" lines; nested objects (Stripe's metadata) as dotted names. */
export function RecordFields({ record, label }: { record: Record<string, unknown>; label: string }) {
  const fields = flatten(record);
  if (fields.length === 0) return <p className="muted">No fields</p>;
  return (
    <dl className="flow-record" aria-label={label}>
      {fields.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function flatten(record: Record<string, unknown>, prefix = ''): [string, string][] {
  return Object.entries(record).flatMap(([key, value]): [string, string][] =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? flatten(value as Record<string, unknown>, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value === null || value === undefined ? '—' : String(value)]],
  );
}
