import { useState } from 'react';
import type { DraftTransform } from './flow-draft.ts';

const kinds = [
  ['trim', 'Trim spaces'],
  ['case', 'Change case'],
  ['date', 'Format a date'],
  ['number', 'Round a number'],
  ['lookup', 'Replace using a table'],
] as const;
type Kind = (typeof kinds)[number][0];

const fresh: Record<Kind, DraftTransform> = {
  trim: { type: 'trim' },
  case: { type: 'case', to: 'lower' },
  date: { type: 'date', to: 'date' },
  number: { type: 'number', decimals: 2 },
  lookup: { type: 'lookup', tableText: '', fallback: '', useFallback: false },
};

/** The changes applied to one mapped value, in order. */
export function TransformEditor(props: {
  idPrefix: string;
  /** The field these changes apply to, for accessible names. */
  fieldName: string;
  transforms: DraftTransform[];
  onChange: (transforms: DraftTransform[]) => void;
}) {
  const [adding, setAdding] = useState<Kind>('trim');
  const { transforms, idPrefix } = props;
  const replace = (index: number, next: DraftTransform) =>
    props.onChange(transforms.map((t, i) => (i === index ? next : t)));

  return (
    <div className="transforms">
      {transforms.length > 0 && (
        <ol className="transform-list" aria-label={`Changes to ${props.fieldName}`}>
          {transforms.map((t, index) => (
            <li key={index} className="transform-row">
              <TransformControls
                id={`${idPrefix}-t${index}`}
                transform={t}
                onChange={(next) => replace(index, next)}
              />
              <button
                type="button"
                className="button subtle"
                aria-label={`Remove change ${index + 1} (${kinds.find(([k]) => k === t.type)?.[1]}) from ${props.fieldName}`}
                onClick={() => props.onChange(transforms.filter((_, i) => i !== index))}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="transform-add">
        <label htmlFor={`${idPrefix}-add`} className="visually-hidden">
          Change to add to {props.fieldName}
        </label>
        <select id={`${idPrefix}-add`} value={adding} onChange={(e) => setAdding(e.target.value as Kind)}>
          {kinds.map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          onClick={() => props.onChange([...transforms, fresh[adding]])}
        >
          Add change<span className="visually-hidden"> to {props.fieldName}</span>
        </button>
      </div>
    </div>
  );
}

function TransformControls(props: {
  id: string;
  transform: DraftTransform;
  onChange: (t: DraftTransform) => void;
}) {
  const { id, transform: t, onChange } = props;
  switch (t.type) {
    case 'trim':
      return <span className="transform-label">Trim spaces at the start and end</span>;
    case 'case':
      return (
        <label className="transform-label">
          Change case to{' '}
          <select value={t.to} onChange={(e) => onChange({ ...t, to: e.target.value as typeof t.to })}>
            <option value="lower">lower case</option>
            <option value="upper">UPPER CASE</option>
            <option value="title">Title Case</option>
          </select>
        </label>
      );
    case 'date':
      return (
        <label className="transform-label">
          Write the date as{' '}
          <select value={t.to} onChange={(e) => onChange({ ...t, to: e.target.value as typeof t.to })}>
            <option value="date">a date (2026-03-14)</option>
            <option value="iso8601">date and time (2026-03-14T10:15:00.000Z)</option>
            <option value="unix_seconds">seconds since 1970</option>
            <option value="unix_ms">milliseconds since 1970</option>
          </select>
        </label>
      );
    case 'number':
      return (
        <label className="transform-label">
          Round to{' '}
          <input
            type="number"
            min={0}
            max={10}
            className="transform-decimals"
            value={t.decimals ?? ''}
            onChange={(e) =>
              onChange(
                e.target.value === ''
                  ? { type: 'number' }
                  : { type: 'number', decimals: Math.max(0, Math.min(10, Number(e.target.value))) },
              )
            }
          />{' '}
          decimal places
        </label>
      );
    case 'lookup':
      return (
        <div className="transform-lookup">
          <label htmlFor={`${id}-table`}>Replace values, one per line as “value = replacement”</label>
          <textarea
            id={`${id}-table`}
            rows={3}
            placeholder={'gold = VIP\nsilver = Regular'}
            value={t.tableText}
            onChange={(e) => onChange({ ...t, tableText: e.target.value })}
          />
          <label className="toggle">
            <input
              type="checkbox"
              checked={t.useFallback}
              onChange={(e) => onChange({ ...t, useFallback: e.target.checked })}
            />
            Write a default when a value is not in the table (otherwise the record fails)
          </label>
          {t.useFallback && (
            <>
              <label htmlFor={`${id}-fallback`}>Default value</label>
              <input
                id={`${id}-fallback`}
                value={t.fallback}
                onChange={(e) => onChange({ ...t, fallback: e.target.value })}
              />
            </>
          )}
        </div>
      );
  }
}
