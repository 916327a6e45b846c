import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import { errorMessage } from '../../lib/field-errors.ts';
import { appsQueries } from '../../queries/apps-queries.ts';
import { connectorsQueries } from '../../queries/connectors-queries.ts';
import { AppFormDialog } from './app-form-dialog.tsx';
import { dashboardQueries } from '../../queries/dashboard-queries.ts';
import { connectionStatus, credentialStatus } from './app-status.ts';
import { ConnectionTest } from './connection-test.tsx';
import { CredentialPanel } from './credential-panel.tsx';
import { StatusPill } from './status-pill.tsx';
import { categoryLabels, criticalityLabels } from './labels.ts';
import { flowsQueries } from '../../queries/flows-queries.ts';

/** One app: who owns it, how Patchbay reaches it, its credential, and the flows that use it. */
export function AppPage() {
  const { appId = '' } = useParams();
  const app = useQuery(appsQueries.detail(appId));
  const connectors = useQuery(connectorsQueries.list());
  const connections = useQuery(appsQueries.connections());
  const flows = useQuery(flowsQueries.list());
  const credentials = useQuery(dashboardQueries.credentials());
  const [editing, setEditing] = useState(false);
  useDocumentTitle(app.data?.name ?? 'App');

  if (app.isPending) return <p role="status">Loading…</p>;
  if (app.isError)
    return (
      <section aria-labelledby="view-title">
        <h1 id="view-title">App not found</h1>
        <p role="alert" className="error-banner">
          {errorMessage(app.error)}
        </p>
        <Link to="/apps">Back to the inventory</Link>
      </section>
    );

  const a = app.data;
  const connector = connectors.data?.find((c) => c.id === a.connector?.connector);
  const connection = connectionStatus(connections.data?.find((c) => c.appId === a.id));
  const credential = credentialStatus(credentials.data?.find((c) => c.appId === a.id));
  const touching = (flows.data ?? []).filter((f) => f.sourceAppId === a.id || f.targetAppId === a.id);

  return (
    <section aria-labelledby="view-title" className="app-page">
      <nav aria-label="Breadcrumb" className="muted">
        <Link to="/apps">Apps</Link> › {a.name}
      </nav>
      <ViewHeader
        title={a.name}
        description={
          <>
            {[a.vendor, categoryLabels[a.category], a.owner && `looked after by ${a.owner}`]
              .filter(Boolean)
              .join(' · ')}{' '}
            <span className={`pill criticality-${a.criticality}`}>{criticalityLabels[a.criticality]}</span>
          </>
        }
        actions={
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit details
          </button>
        }
      />

      <div className="cards">
        <article className="card" aria-labelledby="connection-title">
          <h2 id="connection-title">Connection</h2>
          <p>
            <StatusPill status={connection} />
          </p>
          {connection && (
            <p className={connection.tone === 'bad' ? 'error-banner' : undefined}>{connection.detail}</p>
          )}
          {a.connector && (
            <>
              <p className="muted">
                Through the {connector?.name ?? a.connector.connector} connector at{' '}
                <code>{a.connector.config.baseUrl ?? connector?.baseUrl ?? 'its usual address'}</code>.
              </p>
              <ConnectionTest app={a} />
            </>
          )}
        </article>

        {a.connector && (
          <article className="card" aria-labelledby="credential-title">
            <h2 id="credential-title">Credential</h2>
            {credential && (
              <p>
                <StatusPill status={credential} /> {credential.detail}
              </p>
            )}
            <CredentialPanel
              app={a}
              usesOAuth={connector?.browserSignIn === true}
              credentialLabel={connector?.settings.find((s) => s.secret)?.label}
            />
          </article>
        )}

        <article className="card" aria-labelledby="entities-title">
          <h2 id="entities-title">What it holds</h2>
          {a.entities.length === 0 ? (
            <p className="muted">No entities listed. Edit the details to add some.</p>
          ) : (
            <ul className="chips" aria-label={`Entities of ${a.name}`}>
              {a.entities.map((entity) => (
                <li key={entity.name} className={entity.systemOfRecord ? 'chip sor' : 'chip'}>
                  {entity.name}
                  {entity.systemOfRecord && <span className="sor-badge">System of record</span>}
                </li>
              ))}
            </ul>
          )}
        </article>

        <article className="card" aria-labelledby="flows-title">
          <h2 id="flows-title">Flows using {a.name}</h2>
          {touching.length === 0 ? (
            <p className="muted">
              None yet. <Link to="/flows/new">Create a flow</Link> to copy records to or from it.
            </p>
          ) : (
            <ul>
              {touching.map((f) => (
                <li key={f.id}>
                  <Link to={`/flows/${f.id}/edit`}>{f.name}</Link>{' '}
                  <span className="muted">({f.sourceAppId === a.id ? 'reads from' : 'writes to'} it)</span>
                </li>
              ))}
            </ul>
          )}
        </article>
      </div>
      {editing && <AppFormDialog app={a} onClose={() => setEditing(false)} />}
    </section>
  );
}
