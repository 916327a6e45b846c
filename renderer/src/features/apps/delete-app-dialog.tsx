import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { App } from '../../../../core/contract/apps.ts';
import { ConfirmDeleteDialog } from '../../components/confirm-delete-dialog.tsx';
import { useDeleteApp } from '../../queries/apps-queries.ts';
import { flowsQueries } from '../../queries/flows-queries.ts';
import { plural } from '../../lib/words.ts';

/** Deleting an app: flows that use it are named before anyone confirms, not after. */
export function DeleteAppDialog({ app, onClose }: { app: App; onClose: () => void }) {
  const flows = useQuery(flowsQueries.list());
  const using = (flows.data ?? []).filter((f) => f.sourceAppId === app.id || f.targetAppId === app.id);
  return (
    <ConfirmDeleteDialog
      title={`Delete ${app.name}?`}
      confirmLabel={`Delete ${app.name}`}
      remove={useDeleteApp()}
      id={app.id}
      onClose={onClose}
      {...(using.length > 0
        ? {
            blockedBy: (
              <>
                <p>
                  {app.name} cannot be deleted yet: {plural(using.length, 'flow uses', 'flows use')} it.
                  Delete or change {using.length === 1 ? 'that flow' : 'those flows'} first:
                </p>
                <ul>
                  {using.map((f) => (
                    <li key={f.id}>
                      <Link to={`/flows/${encodeURIComponent(f.id)}/edit`}>{f.name}</Link>
                    </li>
                  ))}
                </ul>
              </>
            ),
          }
        : {})}
    >
      {app.name} will be removed from the inventory{withEntities(app.entities.length)}. This cannot be undone.
    </ConfirmDeleteDialog>
  );
}

const withEntities = (count: number) =>
  count === 0 ? '' : count === 1 ? ', with its entity' : `, with its ${count} entities`;
