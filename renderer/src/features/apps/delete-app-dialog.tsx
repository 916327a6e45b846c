import type { App } from '../../../../core/contract/apps.ts';
import { errorMessage } from '../../lib/field-errors.ts';
import { useDeleteApp } from '../../queries/apps-queries.ts';
import { ModalDialog } from '../../components/modal-dialog.tsx';

export function DeleteAppDialog({ app, onClose }: { app: App; onClose: () => void }) {
  const remove = useDeleteApp();
  return (
    <ModalDialog title={`Delete ${app.name}?`} onClose={onClose}>
      <p>
        {app.name} will be removed from the inventory{withEntities(app.entities.length)}. This cannot be
        undone.
      </p>
      {remove.isError && (
        <p role="alert" className="error-banner">
          {errorMessage(remove.error)}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className="button danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(app.id, { onSuccess: onClose })}
        >
          {remove.isPending ? 'Deleting…' : `Delete ${app.name}`}
        </button>
      </div>
    </ModalDialog>
  );
}

const withEntities = (count: number) =>
  count === 0 ? '' : count === 1 ? ', with its entity' : `, with its ${count} entities`;
