import { Link } from 'react-router';
import { formatNumber, typingSaved, type Dashboard } from './dashboard-words.ts';
import { plural } from '../../lib/words.ts';

/** Records written, the time that saved, and what is still open: the week at a glance. */
export function FigureCards({ dashboard }: { dashboard: Dashboard }) {
  const { synced, hoursSaved, openFailuresByApp } = dashboard;
  const saved = typingSaved(synced.last7d, hoursSaved.last7d, hoursSaved.secondsPerRecord);
  const open = openFailuresByApp.reduce((sum, app) => sum + app.count, 0);
  return (
    <div className="cards">
      <article className="card" aria-labelledby="synced-title">
        <h2 id="synced-title">Records synced</h2>
        <p className="card-figure">{formatNumber(synced.last24h)}</p>
        <p className="muted">in the last 24 hours</p>
        <p className="figure-secondary">
          <strong>{formatNumber(synced.last7d)}</strong> in the last 7 days
        </p>
      </article>
      <article className="card" aria-labelledby="saved-title">
        <h2 id="saved-title">Typing saved</h2>
        {synced.last7d === 0 ? (
          <>
            <p className="card-figure">—</p>
            <p className="muted">Nothing synced this week yet, so no typing saved so far.</p>
          </>
        ) : (
          <p className="muted saved-figure">
            <span className="card-figure">{saved.figure}</span> {saved.rest}
          </p>
        )}
        <p className="figure-secondary">
          <Link to="/settings">Change the time one record takes by hand</Link>
        </p>
      </article>
      <article className="card" aria-labelledby="open-failures-title">
        <h2 id="open-failures-title">Open failures</h2>
        <p className="card-figure">{open}</p>
        {open === 0 ? (
          <p className="muted">Every record was written. Nothing to fix.</p>
        ) : (
          <>
            <ul className="by-app" aria-label="Open failures by app">
              {openFailuresByApp.map((app) => (
                <li key={app.appId}>
                  <span>{app.appName}</span>
                  <span>{plural(app.count, 'record')}</span>
                </li>
              ))}
            </ul>
            <p className="figure-secondary">
              <Link to="/failures">Review and retry the failures</Link>
            </p>
          </>
        )}
      </article>
    </div>
  );
}
