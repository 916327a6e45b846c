import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { editedTextSchema, type EditField } from '../../../../core/contract/failure-actions.ts';
import { FormField } from '../../components/form-field.tsx';
import { ModalDialog } from '../../components/modal-dialog.tsx';
import { QueryStatus } from '../../components/query-status.tsx';
import { fieldErrorsFromApi, type FieldErrors } from '../../lib/field-errors.ts';
import { failureDetailQuery, useRetryWithEdit } from '../../queries/failures-queries.ts';
import { recordTitle } from './labels.ts';

const asText = (value: EditField['value']) => (value === null ? '' : String(value));

/** Words under a field: why the mapping could not fill it, or that the target lacks it. */
function hintOf(field: EditField, targetApp: string): string | undefined {
  if (field.known === false) return `${targetApp} does not have this field: empty it to leave it out.`;
  if (field.problem) return `The mapping could not fill it: ${field.problem}`;
  if (field.kind === 'number') return 'A number, such as 1250.50.';
  return undefined;
}

/**
 * "Edit and retry": the values a failed record would be written with, to correct and
 * send again. The core checks them as the target would and answers field by field;
 * the corrected values go to the audit log.
 */
export function EditRetryDialog(props: {
  id: number;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const detail = useQuery(failureDetailQuery(props.id));
  const retry = useRetryWithEdit();
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const data = detail.data;
  const targetApp = data?.targetAppName ?? 'The target app';
  const title = data ? recordTitle(data.failure) : 'the record';

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!data) return;
    setErrors({});
    const sent = Object.fromEntries(
      data.fields
        .filter((f) => f.name in values)
        .map((f) => [f.name, values[f.name]!.trim() === '' ? null : values[f.name]!]),
    );
    retry.mutate(
      { id: props.id, values: sent },
      {
        onSuccess: ({ run }) => {
          if (run.counts.failed === 0 && run.status !== 'failed') {
            props.onDone(`${title} was written to ${targetApp} with your corrections.`);
            props.onClose();
            return;
          }
          void detail.refetch();
          setErrors({ form: `${targetApp} still refused it: ${run.error ?? 'see the message above.'}` });
        },
        onError: (error) => setErrors(fieldErrorsFromApi(error, (f) => f.startsWith('values.'))),
      },
    );
  };

  return (
    <ModalDialog title={`Edit and retry ${title}`} onClose={props.onClose} wide>
      <QueryStatus query={detail} loading="Loading the record…" failed="Could not load the record" />
      {data && (
        <form onSubmit={submit} noValidate className="edit-retry-form">
          <p className="failure-message">
            <strong>What {targetApp} said:</strong> {data.failure.message}
          </p>
          <p className="muted">
            Correct the values {data.flowName ? `"${data.flowName}"` : 'the flow'} writes to {targetApp}
            {data.targetEntity ? ` ${data.targetEntity}` : ''}, then retry. This fixes this one write: fix the
            record where it comes from too, or its next change there brings the old value back.
            {data.failure.sourceLink && (
              <>
                {' '}
                <a href={data.failure.sourceLink.url} target="_blank" rel="noopener noreferrer">
                  Open it in {data.failure.sourceLink.appName}
                  <span className="visually-hidden"> (opens in the browser)</span>
                </a>
              </>
            )}
          </p>
          <div className="edit-fields">
            {data.fields.map((field) => (
              <FormField
                key={field.name}
                id={`edit-${field.name}`}
                label={field.name}
                required={field.required}
                hint={hintOf(field, targetApp)}
                error={errors[`values.${field.name}`]}
                rules={
                  field.kind === 'text'
                    ? { schema: editedTextSchema, value: values[field.name] ?? asText(field.value) }
                    : undefined
                }
              >
                {(control) =>
                  field.kind === 'yes/no' ? (
                    <select
                      {...control}
                      value={values[field.name] ?? asText(field.value)}
                      onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
                    >
                      <option value="">(leave out)</option>
                      <option value="yes">Yes</option>
                      <option value="no">No</option>
                    </select>
                  ) : (
                    <input
                      {...control}
                      type="text"
                      inputMode={field.kind === 'number' ? 'decimal' : undefined}
                      value={values[field.name] ?? asText(field.value)}
                      onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
                    />
                  )
                }
              </FormField>
            ))}
          </div>
          {errors.form && (
            <p role="alert" className="error-banner">
              {errors.form}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={props.onClose}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={retry.isPending}>
              {retry.isPending ? 'Retrying…' : 'Retry with these values'}
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
