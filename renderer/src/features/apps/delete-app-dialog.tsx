import type { App } from '../../../../core/contract/apps.ts';
import { ConfirmDeleteDialog } from '../../components/confirm-delete-dialog.tsx';
import { useDeleteApp } from '../../queries/apps-queries.ts';

export function DeleteAppDialog({ app, onClose }: { app: App; onClose: () => void }) {
  return (
    <ConfirmDeleteDialog
      title={`Delete ${app.name}?`}
      confirmLabel={`Delete ${app.name}`}
      remove={useDeleteApp()}
      id={app.id}
      onClose={onClose}
    >
      {app.name} will be removed from the inventory{withEntities(app.entities.length)}. This cannot be undone.
    </ConfirmDeleteDialog>
  );
}

const withEntities = (count: number) =>
  count === 0 ? '' : count === 1 ? ', with its entity' : `, with its ${count} entities`;
