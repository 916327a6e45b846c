import type { ReactNode } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import { errorMessage } from '../lib/field-errors.ts';
import { ModalDialog } from './modal-dialog.tsx';

/**
 * "Delete X?" with what deleting means, Cancel focused first, and the error if it fails.
 * `blockedBy` says, before anyone confirms, why it cannot be done now (flows still use
 * the app): the confirm button stays off and is described by it.
 */
export function ConfirmDeleteDialog({
  title,
  confirmLabel,
  pendingLabel = 'Deleting…',
  remove,
  id,
  onClose,
  children,
  blockedBy,
}: {
  title: string;
  confirmLabel: string;
  /** The confirm button's words while it works ("Removing…"). */
  pendingLabel?: string;
  remove: UseMutationResult<unknown, Error, string>;
  id: string;
  onClose: () => void;
  children: ReactNode;
  blockedBy?: ReactNode;
}) {
  return (
    <ModalDialog title={title} onClose={onClose}>
      <p>{children}</p>
      {blockedBy && (
        <div id="confirm-blocked" className="error-banner">
          {blockedBy}
        </div>
      )}
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
          disabled={remove.isPending || blockedBy !== undefined}
          aria-describedby={blockedBy ? 'confirm-blocked' : undefined}
          onClick={() => remove.mutate(id, { onSuccess: onClose })}
        >
          {remove.isPending ? pendingLabel : confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
