import { useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { fieldLimits, limitsInWords, valueProblem } from '../../../core/contract/field-limits.ts';

/** What a control needs to be read out with its label, its hint and its message. */
export interface ControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
  required: boolean | undefined;
}

export interface FieldProps {
  /** The control's id; the hint and the message take `${id}-hint` and `${id}-error`. */
  id: string;
  label: string;
  /** What to type, in words under the control. */
  hint?: ReactNode;
  /**
   * Why the value was refused. Pass it, even undefined, for a control whose value can be
   * refused: its message line is then always there (empty until needed), so
   * aria-describedby never points at nothing and rows of fields stay aligned. Leave it out
   * for a control nothing refuses, such as a filter.
   */
  error?: string | undefined;
  className?: string;
  /** An asterisk beside the label; screen readers hear `required` from the control instead. */
  required?: boolean;
  /**
   * The contract's schema for this value, the one the core enforces: its limits are
   * added to the hint in words ("At most 120 characters.", "A whole number from 1 to
   * 3650 days."), and a value it refuses is refused here too, in its own words, once
   * the field has been changed or left.
   */
  rules?: FieldRules | undefined;
}

export interface FieldRules {
  schema: z.ZodType;
  /** The value as the form would send it (number fields may pass the text typed). */
  value: unknown;
  /** What a number counts or a list holds, after the limits: "days", "names". */
  unit?: string;
}

/** The message beside a field; a live alert once it says something. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return (
    <p id={id} className="field-error" role={message ? 'alert' : undefined}>
      {message}
    </p>
  );
}

/**
 * One labelled control with its hint and message, wired for assistive technology. The
 * control itself is the caller's (an input, a select, a textarea, an input with a unit),
 * drawn from the props handed to `children`.
 */
export function FormField(
  props: FieldProps & {
    /** A checkbox: the control sits before its label. */
    inline?: boolean;
    children: (control: ControlProps) => ReactNode;
  },
) {
  const { id, label, className, required, inline = false, children, rules } = props;
  const [touched, setTouched] = useState(false);
  const limits = rules ? limitsInWords(fieldLimits(rules.schema), rules.unit) : '';
  const hint =
    props.hint && limits ? (
      <>
        {props.hint} {limits}
      </>
    ) : (
      props.hint || limits || undefined
    );
  // The form's own message (a refused save) comes first; the schema's while typing.
  const error = props.error ?? (rules && touched ? valueProblem(rules.schema, rules.value) : undefined);
  const refusable = 'error' in props || rules !== undefined;
  const describedBy = [hint ? `${id}-hint` : '', refusable ? `${id}-error` : ''].filter(Boolean).join(' ');
  const control = children({
    id,
    'aria-describedby': describedBy || undefined,
    'aria-invalid': error ? true : undefined,
    required,
  });
  const labelElement = (
    <label htmlFor={id}>
      {label}
      {required && <span aria-hidden="true"> *</span>}
    </label>
  );
  return (
    <div
      className={className ? `field ${className}` : 'field'}
      onChange={rules ? () => setTouched(true) : undefined}
      onBlur={rules ? () => setTouched(true) : undefined}
    >
      {inline ? (
        <div className="inline-control">
          {control}
          {labelElement}
        </div>
      ) : (
        <>
          {labelElement}
          {control}
        </>
      )}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {refusable && <FieldError id={`${id}-error`} message={error} />}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    placeholder?: string;
    /** The id of a datalist offering values while typing. */
    list?: string;
    type?: 'text' | 'time';
  },
) {
  const { value, onChange, placeholder, list, type = 'text', ...field } = props;
  return (
    <FormField {...field}>
      {(control) => (
        <input
          {...control}
          type={type}
          value={value}
          placeholder={placeholder}
          list={list}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FormField>
  );
}

export function SelectField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    options: readonly (readonly [value: string, label: string])[];
    /** Shown, and not choosable, while nothing is chosen. */
    placeholder?: string;
  },
) {
  const { value, onChange, options, placeholder, ...field } = props;
  return (
    <FormField {...field}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
          {placeholder !== undefined && (
            <option value="" disabled>
              {placeholder}
            </option>
          )}
          {options.map(([optionValue, label]) => (
            <option key={optionValue} value={optionValue}>
              {label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}

/** A key or password: hidden as typed, never autofilled, never spell-checked (sent to a dictionary service). */
export function SecretField(
  props: FieldProps & { value: string; onChange: (value: string) => void; placeholder?: string | undefined },
) {
  const { value, onChange, placeholder, ...field } = props;
  return (
    <FormField {...field}>
      {(control) => (
        <input
          {...control}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FormField>
  );
}
