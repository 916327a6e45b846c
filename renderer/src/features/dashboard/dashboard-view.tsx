import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { errorMessage } from '../../lib/field-errors.ts';
import { healthQueries } from '../../queries/health-queries.ts';

export function DashboardView() {
  useDocumentTitle('Dashboard');
  const health = useQuery(healthQueries.status());
  return (
    <section aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Dashboard</h1>
      </header>
      {health.isPending && <p role="status">Loading…</p>}
      {health.isError && (
        <p role="alert" className="error-banner">
          {errorMessage(health.error)}
        </p>
      )}
      {health.data && (
        <div className="cards">
          <article className="card">
            <h2>Workspace</h2>
            <p className="card-figure card-name">{health.data.workspace.name}</p>
            <p className="muted">{health.data.workspace.dir}</p>
          </article>
          <article className="card">
            <h2>Apps in the inventory</h2>
            <p className="card-figure">{health.data.appCount}</p>
            <p>
              <Link to="/apps">
                {health.data.appCount === 0 ? 'Add the apps your office uses' : 'See the inventory'}
              </Link>
            </p>
          </article>
          <article className="card">
            <h2>Syncing</h2>
            <p className="muted">
              Flow health, records synced, open failures and next runs will show here once flows are set up.
            </p>
          </article>
        </div>
      )}
    </section>
  );
}
