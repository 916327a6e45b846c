import { useState } from 'react';
import { FormField } from '../../components/form-field.tsx';
import { ModalDialog } from '../../components/modal-dialog.tsx';
import { errorMessage } from '../../lib/field-errors.ts';
import { useCloseFailures } from '../../queries/failures-queries.ts';

const words = {
  resolve: {
    title: 'Resolve',
    explain: 'Resolved records leave the list: use this when the record was dealt with another way.',
    done: 'resolved',
  },
  ignore: {
    title: 'Ignore',
    explain: 'Ignored records leave the list and Patchbay stops retrying them.',
    done: 'ignored',
  },
} as const;

/** Resolve or ignore the chosen failures, with a note saying why (kept in the history). */
export function CloseFailuresDialog(props: {
  action: 'resolve' | 'ignore';
  ids: number[];
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const close = useCloseFailures();
  const w = words[props.action];
  const count = props.ids.length === 1 ? '1 record' : `${props.ids.length.toLocaleString()} records`;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!note.trim()) {
      setError('Add a note saying why, so others know what happened to these records.');
      return;
    }
    close.mutate(
      { action: props.action, ids: props.ids, note: note.trim() },
      {
        onSuccess: ({ changed }) => {
          props.onDone(`${changed === 1 ? '1 record' : `${changed.toLocaleString()} records`} ${w.done}.`);
          props.onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <ModalDialog title={`${w.title} ${count}`} onClose={props.onClose}>
      <form onSubmit={submit} noValidate>
        <p className="muted close-explain">{w.explain}</p>
        <FormField id="close-note" label="Note (required)" error={error}>
          {(control) => (
            <textarea {...control} rows={3} value={note} required onChange={(e) => setNote(e.target.value)} />
          )}
        </FormField>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={close.isPending}>
            {close.isPending ? 'Saving…' : `${w.title} ${count}`}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
