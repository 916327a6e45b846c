import type { ConnectorSummary } from '../../../../core/contract/connectors.ts';
import { ConfirmDeleteDialog } from '../../components/confirm-delete-dialog.tsx';
import { useRemoveConnector } from '../../queries/connectors-queries.ts';

/** Remove an installed connector; while apps use it the core refuses, naming them, shown here. */
export function RemoveConnectorDialog({
  connector,
  onClose,
  onRemoved,
}: {
  connector: ConnectorSummary;
  onClose: () => void;
  onRemoved: () => void;
}) {
  return (
    <ConfirmDeleteDialog
      title={`Remove ${connector.name}?`}
      confirmLabel={`Remove ${connector.name}`}
      pendingLabel="Removing…"
      remove={useRemoveConnector({ onRemoved })}
      id={connector.id}
      onClose={onClose}
    >
      The {connector.name} connector (version {connector.version}) will be removed from this workspace, and no
      app will be able to connect through it until it is installed again. Patchbay refuses while an app still
      uses it.
    </ConfirmDeleteDialog>
  );
}
