import type { Flow } from '../../../../core/contract/flows.ts';
import { ConfirmDeleteDialog } from '../../components/confirm-delete-dialog.tsx';
import { useDeleteFlow } from '../../queries/flows-queries.ts';

export function DeleteFlowDialog({ flow, onClose }: { flow: Flow; onClose: () => void }) {
  return (
    <ConfirmDeleteDialog
      title={`Delete ${flow.name}?`}
      confirmLabel="Delete flow"
      remove={useDeleteFlow()}
      id={flow.id}
      onClose={onClose}
    >
      The flow stops and is removed. Records it already copied stay where they are. This cannot be undone.
    </ConfirmDeleteDialog>
  );
}
