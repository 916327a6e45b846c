import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Route, Routes } from 'react-router';
import type { App } from '../../../../core/contract/apps.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import { appsQueries } from '../../queries/apps-queries.ts';
import { AppFormDialog } from './app-form-dialog.tsx';
import { AppPage } from './app-page.tsx';
import { DeleteAppDialog } from './delete-app-dialog.tsx';
import { categoryLabels, criticalityLabels } from './labels.ts';
import { QueryStatus } from '../../components/query-status.tsx';
import { dashboardQueries } from '../../queries/dashboard-queries.ts';
import { connectionStatus, credentialStatus } from './app-status.ts';
import { StatusPill } from './status-pill.tsx';

type Editing = { mode: 'add' } | { mode: 'edit'; app: App } | { mode: 'delete'; app: App } | undefined;

/** The inventory at /apps, one app's page at /apps/:appId. */
export function AppsView() {
  return (
    <Routes>
      <Route index element={<AppsInventory />} />
      <Route path=":appId" element={<AppPage />} />
    </Routes>
  );
}

/** The app inventory: every business app, who owns it, and what data it holds. */
function AppsInventory() {
  useDocumentTitle('Apps');
  const apps = useQuery({ ...appsQueries.list(), select: byName });
  const connectionList = useQuery(appsQueries.connections());
  const credentialList = useQuery(dashboardQueries.credentials());
  const connections = new Map((connectionList.data ?? []).map((c) => [c.appId, c]));
  const credentials = new Map((credentialList.data ?? []).map((c) => [c.appId, c]));
  const [editing, setEditing] = useState<Editing>();
  const close = () => setEditing(undefined);

  return (
    <section aria-labelledby="view-title">
      <ViewHeader
        title="Apps"
        description="The business apps your office uses, who owns them and which holds the master copy of each kind of data."
        actions={
          apps.data &&
          apps.data.length > 0 && (
            <button type="button" className="button primary" onClick={() => setEditing({ mode: 'add' })}>
              Add app
            </button>
          )
        }
      />

      <QueryStatus query={apps} loading="Loading the inventory…" failed="Could not load the inventory" />
      {apps.data?.length === 0 && (
        <div className="empty-state">
          <p className="empty-title">No apps yet</p>
          <p>
            Add the apps your office uses — your CRM, billing, accounting, shop — to start your inventory.
          </p>
          <button type="button" className="button primary" onClick={() => setEditing({ mode: 'add' })}>
            Add app
          </button>
        </div>
      )}
      {apps.data && apps.data.length > 0 && (
        <div className="table-wrap">
          <table className="table apps-table">
            <caption className="visually-hidden">App inventory</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Category</th>
                <th scope="col">Owner</th>
                <th scope="col">Criticality</th>
                <th scope="col">Entities</th>
                <th scope="col">Connection</th>
                <th scope="col">Credential</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {apps.data.map((app) => (
                <tr key={app.id}>
                  <th scope="row">
                    <Link to={`/apps/${app.id}`}>{app.name}</Link>
                    {app.vendor && app.vendor !== app.name && (
                      <div className="muted vendor">{app.vendor}</div>
                    )}
                  </th>
                  <td>{categoryLabels[app.category]}</td>
                  <td>{app.owner || <span className="muted">—</span>}</td>
                  <td>
                    <span className={`pill criticality-${app.criticality}`}>
                      {criticalityLabels[app.criticality]}
                    </span>
                  </td>
                  <td>
                    {app.entities.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ul className="chips" aria-label={`Entities of ${app.name}`}>
                        {app.entities.map((entity) => (
                          <li key={entity.name} className={entity.systemOfRecord ? 'chip sor' : 'chip'}>
                            {entity.name}
                            {entity.systemOfRecord && (
                              <span className="sor-badge" title="System of record">
                                System of record
                              </span>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <StatusPill status={connectionStatus(connections.get(app.id))} />
                  </td>
                  <td>
                    <StatusPill status={credentialStatus(credentials.get(app.id))} />
                  </td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button subtle"
                      aria-label={`Edit ${app.name}`}
                      onClick={() => setEditing({ mode: 'edit', app })}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button subtle danger-text"
                      aria-label={`Delete ${app.name}`}
                      onClick={() => setEditing({ mode: 'delete', app })}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {editing?.mode === 'add' && <AppFormDialog onClose={close} />}
      {editing?.mode === 'edit' && <AppFormDialog app={editing.app} onClose={close} />}
      {editing?.mode === 'delete' && <DeleteAppDialog app={editing.app} onClose={close} />}
    </section>
  );
}

// The core answers sorted by name already; sorting here too keeps the table stable
// whatever the transport, with the user's locale deciding the order of accents.
const byName = (apps: App[]) => [...apps].sort((a, b) => a.name.localeCompare(b.name));
