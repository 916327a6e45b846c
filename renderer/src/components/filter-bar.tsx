import type { ReactNode } from 'react';
import { FormField } from './form-field.tsx';

/**
 * A view's filters (Runs, the Audit log): one row of fields kept in the address, and
 * "Clear filters" once any is set. Enter applies a text field (`onSubmit`); the others
 * apply as they change.
 */
export function FilterBar(props: {
  label: string;
  filtered: boolean;
  onClear: () => void;
  onSubmit?: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className="filter-bar"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit?.();
      }}
    >
      {props.children}
      {props.filtered && (
        <button type="button" className="button" onClick={props.onClear}>
          Clear filters
        </button>
      )}
    </form>
  );
}

/** From one day until another (inclusive), as YYYY-MM-DD; neither may pass the other. */
export function DayRangeFields(props: {
  idPrefix: string;
  fromLabel: string;
  from: string;
  to: string;
  onChange: (key: 'from' | 'to', day: string) => void;
}) {
  const { from, to, onChange } = props;
  return (
    <>
      <FormField id={`${props.idPrefix}-from`} label={props.fromLabel}>
        {(control) => (
          <input
            {...control}
            type="date"
            value={from}
            max={to || undefined}
            onChange={(e) => onChange('from', e.target.value)}
          />
        )}
      </FormField>
      <FormField id={`${props.idPrefix}-to`} label="Until (inclusive)">
        {(control) => (
          <input
            {...control}
            type="date"
            value={to}
            min={from || undefined}
            onChange={(e) => onChange('to', e.target.value)}
          />
        )}
      </FormField>
    </>
  );
}
