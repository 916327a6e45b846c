import type { ReactNode } from 'react';

/** The message beside a field; empty but present, so aria-describedby always points somewhere. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return (
    <p id={id} className="field-error" role={message ? 'alert' : undefined}>
      {message}
    </p>
  );
}

interface FieldProps {
  id: string;
  label: string;
  error: string | undefined;
  className?: string;
  hint?: ReactNode;
}

export function TextField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    placeholder?: string;
    list?: string;
    type?: 'text' | 'time';
  },
) {
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        list={props.list}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={`${props.id}-error${props.hint ? ` ${props.id}-hint` : ''}`}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && (
        <p id={`${props.id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
      <FieldError id={`${props.id}-error`} message={props.error} />
    </div>
  );
}

export function SelectField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    options: readonly (readonly [value: string, label: string])[];
    /** Shown while nothing is chosen. */
    placeholder?: string;
  },
) {
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={`${props.id}-error${props.hint ? ` ${props.id}-hint` : ''}`}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.placeholder !== undefined && (
          <option value="" disabled>
            {props.placeholder}
          </option>
        )}
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      {props.hint && (
        <p id={`${props.id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
      <FieldError id={`${props.id}-error`} message={props.error} />
    </div>
  );
}

/** A group of radio buttons, each with a sentence saying what it means. */
export function RadioGroup<V extends string>(props: {
  name: string;
  legend: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly { value: V; label: string; words: string }[];
  error: string | undefined;
  disabled?: boolean;
}) {
  return (
    <fieldset className="radio-group" disabled={props.disabled} aria-describedby={`${props.name}-error`}>
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option.value} className="radio-option">
          <input
            type="radio"
            name={props.name}
            value={option.value}
            checked={props.value === option.value}
            onChange={() => props.onChange(option.value)}
          />
          <span>
            <strong>{option.label}</strong>
            <span className="radio-words">{option.words}</span>
          </span>
        </label>
      ))}
      <FieldError id={`${props.name}-error`} message={props.error} />
    </fieldset>
  );
}
