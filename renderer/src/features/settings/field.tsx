import type { ReactNode } from 'react';

interface ControlProps {
  id: string;
  'aria-describedby': string;
  'aria-invalid': true | undefined;
}

/**
 * A labelled setting: what it does in words under it, and the reason a value was
 * refused right beside it (both read out with the control).
 */
export function Field({
  name,
  label,
  hint,
  error,
  inline = false,
  children,
}: {
  name: string;
  label: string;
  hint: string;
  error: string | undefined;
  /** A checkbox: the control sits before its label. */
  inline?: boolean;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = `setting-${name}`;
  const control = children({
    id,
    'aria-describedby': `${id}-hint ${id}-error`,
    'aria-invalid': error ? true : undefined,
  });
  return (
    <div className={inline ? 'field setting inline' : 'field setting'}>
      {inline ? (
        <div className="inline-control">
          {control}
          <label htmlFor={id}>{label}</label>
        </div>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          {control}
        </>
      )}
      <p id={`${id}-hint`} className="muted hint">
        {hint}
      </p>
      <p id={`${id}-error`} className="field-error">
        {error}
      </p>
    </div>
  );
}
