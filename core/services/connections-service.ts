import type {
  AppCircuit,
  AppRepository,
  ConnectionCheck,
  ConnectionChecks,
  CredentialRecord,
  CredentialRepository,
} from './repositories.ts';
import type { App } from '../contract/apps.ts';
import type { CheckOutcome, ConnectionStatus } from '../contract/connections.ts';
import type { ConnectorCatalog } from '../connectors/connector-catalog.ts';
import { credentialKindOf } from '../secrets/credential-facts.ts';
import { KeychainUnavailableError, secretAccount, type SecretStore } from '../secrets/secret-store.ts';

/**
 * What Patchbay knows of each app's connection (`apps.connections`), from evidence
 * only: a connector and a saved key are not proof. The newest of the last connection
 * test, the credential's last success or refusal (runs use it too) and an open pause
 * wins; evidence older than the app's settings or its credential is out of date.
 */
export function createConnectionsService(options: {
  readonly apps: Pick<AppRepository, 'list'>;
  readonly credentials: Pick<CredentialRepository, 'list'>;
  readonly checks: ConnectionChecks;
  readonly circuits: () => readonly AppCircuit[];
  readonly secrets: Pick<SecretStore, 'list'>;
  readonly catalog: Pick<ConnectorCatalog, 'get'>;
  readonly workspaceName: string;
}) {
  const { apps, credentials, checks, catalog, workspaceName } = options;
  return {
    async list(): Promise<ConnectionStatus[]> {
      // The keychain may be locked: then whether a key is saved is unknown, not "no key".
      const saved = await options.secrets.list().then(
        (accounts) => new Set(accounts),
        (error: unknown) => {
          if (error instanceof KeychainUnavailableError) return undefined;
          throw error;
        },
      );
      const records = new Map(credentials.list().map((r) => [r.appId, r]));
      const lastChecks = new Map(checks.list().map((c) => [c.appId, c]));
      const circuits = new Map(options.circuits().map((c) => [c.appId, c]));
      return apps.list().map((app) =>
        connectionStatus({
          app,
          connectorName: app.connector ? catalog.get(app.connector.connector)?.name : undefined,
          needsKey: credentialKindOf(app, catalog) !== null,
          hasKey: saved?.has(secretAccount(workspaceName, app.id)),
          credential: records.get(app.id),
          check: lastChecks.get(app.id),
          circuit: circuits.get(app.id),
        }),
      );
    },

    /** Keeps a connection test's outcome (the test itself is the credentials service's). */
    record(appId: string, outcome: CheckOutcome, message: string, at: string): void {
      checks.record({ appId, outcome, checkedAt: at, message });
    },
  };
}

export type ConnectionsService = ReturnType<typeof createConnectionsService>;

interface Evidence {
  state: ConnectionStatus['state'];
  at: string;
  message: string;
}

/** One app's connection state from what is known of it; pure. */
export function connectionStatus(input: {
  app: App;
  /** The connector's name; undefined when the app has none or it is not in the catalogue. */
  connectorName: string | undefined;
  needsKey: boolean;
  /** Undefined when the keychain cannot be read. */
  hasKey: boolean | undefined;
  credential: CredentialRecord | undefined;
  check: ConnectionCheck | undefined;
  circuit: AppCircuit | undefined;
}): ConnectionStatus {
  const { app } = input;
  const status = (state: ConnectionStatus['state'], message: string, at: string | null = null) => ({
    appId: app.id,
    state,
    at,
    message,
  });
  if (!app.connector)
    return status('not_connected', `${app.name} is in the inventory only; flows to or from it stay planned.`);
  if (!input.connectorName)
    return status(
      'not_connected',
      `${app.name}'s connector "${app.connector.connector}" is not in the catalogue; choose another under Apps → ${app.name} → Edit, or install it under Connectors.`,
    );
  if (input.needsKey && input.hasKey === false)
    return status('no_key', `${app.name} has no saved key; save one under Apps → ${app.name} → Credentials.`);

  // An open pause is current whatever its age: it holds until a probe or a new key closes it.
  const { check, credential, circuit } = input;
  // A spent daily budget is no fault of the connection: the app answered and said so.
  if (circuit?.kind === 'budget') return status('connected', circuit.reason, circuit.openedAt);
  if (circuit)
    return status(
      circuit.kind === 'auth' ? 'refused' : 'unreachable',
      `Its flows are paused: ${circuit.reason}`,
      circuit.openedAt,
    );

  // Evidence from before the app's settings or its credential last changed says nothing of now.
  const since = [app.updatedAt, input.credential?.rotatedAt ?? input.credential?.createdAt ?? '']
    .sort()
    .at(-1)!;
  const evidence: Evidence[] = [];
  if (check) evidence.push({ state: check.outcome, at: check.checkedAt, message: check.message });
  if (credential?.lastUsedAt)
    evidence.push({
      state: 'connected',
      at: credential.lastUsedAt,
      message: `${app.name} answered and accepted its credential.`,
    });
  if (credential?.lastFailedAt)
    evidence.push({
      state: 'refused',
      at: credential.lastFailedAt,
      message: `${app.name} refused its credential; save a new one under Apps → ${app.name} → Credentials.`,
    });
  // A stable sort: on a tie the connection test, which says more, wins.
  const newest = evidence.filter((e) => e.at >= since).sort((a, b) => b.at.localeCompare(a.at))[0];
  if (newest) return status(newest.state, newest.message, newest.at);
  const unknownKey =
    input.needsKey && input.hasKey === undefined
      ? ' Patchbay cannot read the keychain now, so it cannot tell whether a key is saved.'
      : '';
  return status(
    'not_tested',
    `Nothing has tried ${app.name} since it was set up or its credential changed; test the connection to be sure.${unknownKey}`,
  );
}
