import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { assignFailuresSchema, noteFailuresSchema } from '../../../../core/contract/failure-actions.ts';
import { FormField } from '../../components/form-field.tsx';
import { ModalDialog } from '../../components/modal-dialog.tsx';
import { errorMessage } from '../../lib/field-errors.ts';
import { failurePeopleQuery, useAssignFailures, useNoteFailures } from '../../queries/failures-queries.ts';

const recordsIn = (n: number) => (n === 1 ? '1 record' : `${n.toLocaleString()} records`);

/**
 * Hand failed records to a person and say what is happening with them. Names from
 * Settings and names used before are offered while typing; an empty name hands the
 * records to nobody. Both changes go to the audit log.
 */
export function AssignDialog(props: {
  ids: number[];
  /** The records' current person and note, when they share them. */
  assignee: string;
  note: string;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const people = useQuery(failurePeopleQuery());
  const assign = useAssignFailures();
  const note = useNoteFailures();
  const [person, setPerson] = useState(props.assignee);
  const [text, setText] = useState(props.note);
  const [error, setError] = useState<{ field: 'person' | 'note'; message: string }>();
  const count = recordsIn(props.ids.length);
  const busy = assign.isPending || note.isPending;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const name = person.trim();
    try {
      await assign.mutateAsync({ ids: props.ids, assignee: name === '' ? null : name });
    } catch (e) {
      return setError({ field: 'person', message: errorMessage(e) });
    }
    if (text.trim() !== props.note.trim()) {
      try {
        await note.mutateAsync({ ids: props.ids, note: text.trim() });
      } catch (e) {
        return setError({ field: 'note', message: errorMessage(e) });
      }
    }
    props.onDone(name ? `${count} assigned to ${name}.` : `${count} assigned to nobody.`);
    props.onClose();
  };

  return (
    <ModalDialog title={`Assign or note ${count}`} onClose={props.onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormField
          id="assign-person"
          label="Assigned to"
          hint="Type a name, or pick one used before. Leave it empty for nobody."
          error={error?.field === 'person' ? error.message : undefined}
          rules={{ schema: assignFailuresSchema.shape.assignee, value: person.trim() || null }}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              list="assign-people"
              autoComplete="off"
              value={person}
              onChange={(e) => setPerson(e.target.value)}
            />
          )}
        </FormField>
        <datalist id="assign-people">
          {(people.data?.names ?? []).map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <FormField
          id="assign-note"
          label="Note"
          hint="What is happening with these records, for whoever looks next."
          error={error?.field === 'note' ? error.message : undefined}
          rules={{ schema: noteFailuresSchema.shape.note, value: text }}
        >
          {(control) => (
            <textarea {...control} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
          )}
        </FormField>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
