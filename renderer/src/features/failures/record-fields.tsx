import { formatDateTime } from '../../lib/words.ts';

/** A record snapshot as a readable list of its fields, empty ones left out. */
export function RecordFields(props: { payload: Record<string, unknown>; label: string }) {
  const fields = Object.entries(props.payload).filter(([, value]) => value !== null && value !== '');
  if (fields.length === 0) return <p className="muted">No data was kept for this record.</p>;
  return (
    <dl className="record-snapshot" aria-label={props.label}>
      {fields.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{readable(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

// Apps stamp changes as ISO 8601; people read them in their own format.
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function readable(value: unknown): string {
  if (typeof value === 'string' && isoDateTime.test(value) && !Number.isNaN(Date.parse(value)))
    return formatDateTime(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
