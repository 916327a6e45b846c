import { Link } from 'react-router';
import { categoryLabels, criticalityLabels } from '../apps/labels.ts';
import { lookOf } from './flow-edge.tsx';
import type { MapApp } from './map-graph.ts';

/** An app in the panel: who owns it, what it holds, and the flows that read or write it. */
export function AppDetails({ entry, appName }: { entry: MapApp; appName: (id: string) => string }) {
  const { app, flows } = entry;
  return (
    <>
      <dl className="map-facts">
        <dt>Owner</dt>
        <dd>{app.owner || <span className="muted">Nobody named yet</span>}</dd>
        <dt>Category</dt>
        <dd>{categoryLabels[app.category]}</dd>
        <dt>Criticality</dt>
        <dd>
          <span className={`pill criticality-${app.criticality}`}>{criticalityLabels[app.criticality]}</span>
        </dd>
        <dt>Holds</dt>
        <dd>
          {app.entities.length === 0 ? (
            <span className="muted">No entities listed</span>
          ) : (
            <ul className="chips" aria-label={`Entities of ${app.name}`}>
              {app.entities.map((entity) => (
                <li key={entity.name} className={entity.systemOfRecord ? 'chip sor' : 'chip'}>
                  {entity.name}
                  {entity.systemOfRecord && <span className="sor-badge">System of record</span>}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>

      <h3 className="map-panel-section">Flows</h3>
      {flows.length === 0 ? (
        <p className="muted">
          No flow reads from or writes to {app.name} yet. <Link to="/flows">Set up a flow</Link>
        </p>
      ) : (
        <ul className="map-flow-list">
          {flows.map((item) => {
            const { flow } = item;
            const look = lookOf(item);
            const outgoing = flow.sourceAppId === app.id;
            return (
              <li key={flow.id}>
                <Link to={`/flows/${encodeURIComponent(flow.id)}/edit`}>{flow.name}</Link>
                <span className="muted">
                  {outgoing
                    ? `Sends ${flow.sourceEntity} to ${appName(flow.targetAppId)}`
                    : `Gets ${flow.targetEntity} from ${appName(flow.sourceAppId)}`}
                </span>
                <span className="map-health-word" style={{ color: look.colour }}>
                  <span className="map-dot" style={{ background: look.colour }} aria-hidden="true" />
                  {look.word}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <p className="map-panel-links">
        <Link to={`/apps/${encodeURIComponent(app.id)}`}>Open the page of {app.name}</Link>
      </p>
    </>
  );
}
