import { useEffect, useState } from 'react';
import { FieldError, SelectField, TextField } from '../../components/form-field.tsx';
import type { FieldErrors } from '../../lib/field-errors.ts';
import { newMappingRow, type DraftMapping, type ValueKind } from './flow-draft.ts';
import { TransformEditor } from './transform-editor.tsx';

const valueLabels: Record<ValueKind, [label: string, placeholder: string]> = {
  source: ['Source field', 'email'],
  constant: ['Fixed value', 'Imported by Patchbay'],
  template: ['Template', '{{firstname}} {{lastname}}'],
};

/** The field mapping: which target field gets which value, how it is changed, in which order. */
export function MappingRows(props: {
  rows: DraftMapping[];
  onChange: (rows: DraftMapping[]) => void;
  errors: FieldErrors;
  sourceLabel: string;
  targetLabel: string;
  /** Field names the source's connector lists or its sample records hold, offered while typing. */
  sourceFields: readonly string[];
  /** Field names the target's connector lists, offered while typing. */
  targetFields: readonly string[];
  /** Fields neither app is known to have, by form field (`mapping.0.source`): shown beside them. */
  warnings: FieldErrors;
}) {
  const { rows, errors } = props;
  // Where focus goes after a move or removal: the moved row's same button stays under the finger.
  const [focusAfter, setFocusAfter] = useState<string>();
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (!focusAfter) return;
    document.getElementById(focusAfter)?.focus();
    setFocusAfter(undefined);
  }, [focusAfter]);

  const update = (key: number, patch: Partial<DraftMapping>) =>
    props.onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const nameOf = (row: DraftMapping, index: number) => row.target.trim() || `field ${index + 1}`;

  function move(index: number, by: -1 | 1, button: 'up' | 'down') {
    const to = index + by;
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(to, 0, row!);
    props.onChange(next);
    // At the edge the button is disabled, so focus goes to the other one.
    const edge = to === 0 ? 'down' : to === rows.length - 1 ? 'up' : button;
    setFocusAfter(`map-${row!.key}-${edge}`);
    setAnnouncement(`${nameOf(row!, index)} moved to position ${to + 1} of ${rows.length}.`);
  }

  function remove(index: number) {
    const row = rows[index]!;
    props.onChange(rows.filter((r) => r.key !== row.key));
    const neighbour = rows[index + 1] ?? rows[index - 1];
    setFocusAfter(neighbour ? `map-${neighbour.key}-target` : 'map-add');
    setAnnouncement(`${nameOf(row, index)} removed.`);
  }

  return (
    <fieldset className="flow-section">
      <legend>Fields</legend>
      <p className="muted">
        Which fields of {props.targetLabel} to fill, and from what in {props.sourceLabel}. Use Move up and
        Move down to change the order.
      </p>
      <FieldError id="mapping-error" message={errors.mapping} />
      <FieldOptions id="source-fields" names={props.sourceFields} />
      <FieldOptions id="target-fields" names={props.targetFields} />
      <ol className="mapping-rows">
        {rows.map((row, index) => {
          const id = `map-${row.key}`;
          const name = nameOf(row, index);
          const rowError = Object.entries(errors).find(
            ([field]) => field.startsWith(`mapping.${index}`) && field !== `mapping.${index}.target`,
          )?.[1];
          return (
            <li key={row.key} className="mapping-row">
              <fieldset>
                <legend>
                  Field {index + 1}
                  {row.target.trim() && `: ${row.target.trim()}`}
                </legend>
                <div className="mapping-grid">
                  <TextField
                    id={`${id}-target`}
                    label={`Field in ${props.targetLabel}`}
                    placeholder="email"
                    value={row.target}
                    list={props.targetFields.length > 0 ? 'target-fields' : undefined}
                    hint={fieldWarning(props.warnings[`mapping.${index}.target`])}
                    error={errors[`mapping.${index}.target`]}
                    onChange={(target) => update(row.key, { target })}
                  />
                  <SelectField
                    id={`${id}-kind`}
                    label="Filled from"
                    value={row.kind}
                    options={[
                      ['source', `A field in ${props.sourceLabel}`],
                      ['constant', 'A fixed value'],
                      ['template', 'A template'],
                    ]}
                    error={undefined}
                    onChange={(kind) => update(row.key, { kind: kind as ValueKind })}
                  />
                  <TextField
                    id={`${id}-value`}
                    label={valueLabels[row.kind][0]}
                    placeholder={valueLabels[row.kind][1]}
                    value={row.value}
                    list={
                      row.kind === 'source' && props.sourceFields.length > 0 ? 'source-fields' : undefined
                    }
                    error={rowError}
                    hint={
                      row.kind === 'template' ? (
                        <>
                          Put source fields in double braces.{' '}
                          {fieldWarning(props.warnings[`mapping.${index}.template`])}
                        </>
                      ) : (
                        fieldWarning(props.warnings[`mapping.${index}.${row.kind}`])
                      )
                    }
                    onChange={(value) => update(row.key, { value })}
                  />
                  <label className="toggle mapping-required">
                    <input
                      type="checkbox"
                      checked={row.required}
                      onChange={(e) => update(row.key, { required: e.target.checked })}
                    />
                    Required
                  </label>
                </div>
                <TransformEditor
                  idPrefix={id}
                  fieldName={name}
                  transforms={row.transforms}
                  onChange={(transforms) => update(row.key, { transforms })}
                />
                <div className="mapping-actions">
                  <button
                    id={`${id}-up`}
                    type="button"
                    className="button subtle"
                    disabled={index === 0}
                    onClick={() => move(index, -1, 'up')}
                  >
                    Move up<span className="visually-hidden"> ({name})</span>
                  </button>
                  <button
                    id={`${id}-down`}
                    type="button"
                    className="button subtle"
                    disabled={index === rows.length - 1}
                    onClick={() => move(index, 1, 'down')}
                  >
                    Move down<span className="visually-hidden"> ({name})</span>
                  </button>
                  <button
                    type="button"
                    className="button subtle danger-text"
                    disabled={rows.length === 1}
                    onClick={() => remove(index)}
                  >
                    Remove field<span className="visually-hidden"> ({name})</span>
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button
        id="map-add"
        type="button"
        className="button"
        onClick={() => {
          const row = newMappingRow();
          props.onChange([...rows, row]);
          setFocusAfter(`map-${row.key}-target`);
        }}
      >
        Add a field
      </button>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </fieldset>
  );
}

function FieldOptions({ id, names }: { id: string; names: readonly string[] }) {
  if (names.length === 0) return null;
  return (
    <datalist id={id}>
      {names.map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}

/** A field no one knows of: a warning, not a refusal (the app may have fields Patchbay does not list). */
function fieldWarning(message: string | undefined) {
  if (!message) return undefined;
  return <span className="field-warning">Check this field: {message}</span>;
}
