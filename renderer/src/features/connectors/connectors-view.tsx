import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ConnectorSummary } from '../../../../core/contract/connectors.ts';
import { QueryStatus } from '../../components/query-status.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import { connectorsQueries } from '../../queries/connectors-queries.ts';
import { AddConnectorDialog } from './add-connector-dialog.tsx';
import { ConnectorFacts, EntityTable } from './connector-details.tsx';
import { RemoveConnectorDialog } from './remove-connector-dialog.tsx';
import './connectors.css';

type Open = { dialog: 'add' } | { dialog: 'remove'; connector: ConnectorSummary } | undefined;

/**
 * The connector catalogue at /connectors: what each connector can do and where it sends
 * the app's credential; custom ones added (as `patchbay connector add` does) and removed.
 */
export function ConnectorsView() {
  useDocumentTitle('Connectors');
  const connectors = useQuery(connectorsQueries.list());
  const [open, setOpen] = useState<Open>();
  const [notice, setNotice] = useState('');
  const close = () => setOpen(undefined);
  const installed = connectors.data?.filter((c) => c.origin === 'installed') ?? [];
  const builtIn = connectors.data?.filter((c) => c.origin === 'built-in') ?? [];

  return (
    <section aria-labelledby="view-title" className="connectors-view">
      <ViewHeader
        title="Connectors"
        description="How Patchbay talks to each app: what it can read and write, and where it sends the app's credential. Add a connector for an app Patchbay has none for."
        actions={
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setNotice('');
              setOpen({ dialog: 'add' });
            }}
          >
            Add a custom connector
          </button>
        }
      />
      <p role="status" className={notice ? 'notice success-text' : 'visually-hidden'}>
        {notice}
      </p>
      <QueryStatus
        query={connectors}
        loading="Loading the connectors…"
        failed="Could not load the connectors"
      />

      {connectors.data && (
        <>
          <section aria-labelledby="installed-title" className="connector-group">
            <h2 id="installed-title">Installed in this workspace</h2>
            {installed.length === 0 ? (
              <p className="muted">
                None yet. A custom connector is a manifest describing an app's API (docs/connectors.md); an
                exported workspace carries the ones installed here.
              </p>
            ) : (
              installed.map((connector) => (
                <ConnectorCard
                  key={connector.id}
                  connector={connector}
                  onRemove={() => {
                    setNotice('');
                    setOpen({ dialog: 'remove', connector });
                  }}
                />
              ))
            )}
          </section>
          <section aria-labelledby="built-in-title" className="connector-group">
            <h2 id="built-in-title">Built into Patchbay</h2>
            {builtIn.map((connector) => (
              <ConnectorCard key={connector.id} connector={connector} />
            ))}
          </section>
        </>
      )}

      {open?.dialog === 'add' && (
        <AddConnectorDialog
          onClose={close}
          onInstalled={({ connector, change }) => {
            close();
            setNotice(
              change === 'unchanged'
                ? `${connector.name} (${connector.id}) version ${connector.version} was installed already.`
                : `${change === 'updated' ? 'Updated' : 'Installed'} ${connector.name} (${connector.id}) version ${connector.version}.`,
            );
          }}
        />
      )}
      {open?.dialog === 'remove' && (
        <RemoveConnectorDialog
          connector={open.connector}
          onClose={close}
          onRemoved={() => setNotice(`Removed ${open.connector.name} (${open.connector.id}).`)}
        />
      )}
    </section>
  );
}

function ConnectorCard({ connector, onRemove }: { connector: ConnectorSummary; onRemove?: () => void }) {
  const titleId = `connector-${connector.id}-title`;
  return (
    <article aria-labelledby={titleId} className="connector-card">
      <header className="connector-card-header">
        <h3 id={titleId}>{connector.name}</h3>
        {onRemove && (
          <button
            type="button"
            className="button subtle danger-text"
            aria-label={`Remove ${connector.name}`}
            onClick={onRemove}
          >
            Remove
          </button>
        )}
      </header>
      <ConnectorFacts connector={connector} />
      <EntityTable connector={connector} />
    </article>
  );
}
