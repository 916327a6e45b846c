import type { ConnectorSummary } from '../../../../core/contract/connectors.ts';
import { authWords, createRetryWords, operationsOf, originWords } from './connector-words.ts';

/** Where a connector comes from, where it sends the app's credential, and how it signs in. */
export function ConnectorFacts({ connector }: { connector: ConnectorSummary }) {
  return (
    <dl className="connector-facts">
      <div>
        <dt>Id</dt>
        <dd>
          <code>{connector.id}</code>
        </dd>
      </div>
      <div>
        <dt>Version</dt>
        <dd>{connector.version}</dd>
      </div>
      <div>
        <dt>Origin</dt>
        <dd>{originWords[connector.origin]}</dd>
      </div>
      <div>
        <dt>Signs in with</dt>
        <dd>
          {connector.auth === 'oauth2' && !connector.browserSignIn
            ? 'OAuth 2.0, with a client ID and secret (no browser sign-in)'
            : authWords[connector.auth]}
        </dd>
      </div>
      <div className="wide">
        <dt>Came from</dt>
        <dd>{connector.source}</dd>
      </div>
      <div className="wide">
        <dt>Talks to</dt>
        <dd>
          <HostList hosts={connector.hosts} />
        </dd>
      </div>
    </dl>
  );
}

export function HostList({ hosts, label }: { hosts: readonly string[]; label?: string }) {
  return (
    <ul className="host-list" aria-label={label}>
      {hosts.map((host) => (
        <li key={host}>
          <code>{host}</code>
        </li>
      ))}
    </ul>
  );
}

/** Each entity: what the connector can do with it, and whether a lost create is sent again safely. */
export function EntityTable({ connector }: { connector: ConnectorSummary }) {
  return (
    <div className="table-wrap">
      <table className="table entity-table">
        <caption className="visually-hidden">Entities of the {connector.name} connector</caption>
        <thead>
          <tr>
            <th scope="col">Entity</th>
            <th scope="col">What it can do</th>
            <th scope="col">A create whose answer was lost</th>
          </tr>
        </thead>
        <tbody>
          {connector.entities.map((entity) => {
            const retry = entity.createRetry && createRetryWords[entity.createRetry];
            return (
              <tr key={entity.name}>
                <th scope="row">
                  {entity.label}
                  {entity.label !== entity.name && <div className="muted entity-name">{entity.name}</div>}
                </th>
                <td>
                  <ul className="chips" aria-label={`What ${connector.name} can do with ${entity.label}`}>
                    {operationsOf(entity).map((operation) => (
                      <li key={operation} className="chip">
                        {operation}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {retry ? (
                    <>
                      <span className={`pill ${retry.safe ? 'status-good' : 'status-watch'}`}>
                        {retry.short}
                      </span>
                      <p className="muted retry-why">{retry.why}</p>
                    </>
                  ) : (
                    <span className="muted">Read only: it creates nothing</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
