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
      The flow stops and is removed; this cannot be undone. Records it already copied stay where they are. Its
      runs stay in Runs, marked “deleted flow”, and its failures waiting for you are closed as ignored (still
      listed under Failures › Ignored), since nothing can retry them any more.
    </ConfirmDeleteDialog>
  );
}
