import { FieldError } from './form-field.tsx';

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
