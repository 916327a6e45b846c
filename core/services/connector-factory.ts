import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ApiError } from '../contract/errors.ts';
import { ownValue } from '../contract/safe-path.ts';
import type { App } from '../contract/apps.ts';
import type { EntityDescription } from '../contract/connectors.ts';
import type { HttpSend } from '../connectors/http/http-port.ts';
import type { ConnectorCatalog } from '../connectors/connector-catalog.ts';
import type { Connector } from '../connectors/connector.ts';
import { concurrencyOf } from '../connectors/manifest/describe-entity.ts';
import { createManifestConnector } from '../connectors/manifest/manifest-connector.ts';
import type { Manifest } from '../connectors/manifest/manifest-schema.ts';
import { retryInPlace, type RetryOptions } from '../reliability/backoff.ts';
import { RateLimiter } from '../reliability/rate-limiter.ts';
import { redactSecret } from '../reliability/redact-secret.ts';
import { SyncError } from '../reliability/error-classes.ts';
import { toSyncError } from '../reliability/sync-error-policy.ts';
import type { CredentialUsage } from '../secrets/credential-usage.ts';
import { oneSecret } from '../secrets/one-secret-store.ts';
import { createOAuthConnections } from '../secrets/oauth/oauth-connections.ts';
import { usesLegacyToken } from '../secrets/oauth/oauth-settings.ts';
import { damagedAsAuthError } from '../secrets/sealed-secret-store.ts';
import { KeychainUnavailableError, secretAccount, type SecretStore } from '../secrets/secret-store.ts';
import type { Clock } from '../ports.ts';

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  maxWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseMs: 250,
  capMs: 15_000,
  maxWaitMs: 120_000,
};

export interface ConnectorFactoryOptions {
  readonly catalog: ConnectorCatalog;
  readonly secrets: SecretStore;
  readonly workspaceName: string;
  readonly send: HttpSend;
  readonly clock: Clock;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly retry?: RetryPolicy;
  /** Where connectors written in code keep their own state, one folder per app (inside the workspace). */
  readonly connectorStateDir?: string;
  /** Told when an app's credential worked or was refused (credential health). */
  readonly usage?: Pick<CredentialUsage, 'used' | 'failed'>;
}

/**
 * Builds the connector for an app: its preset manifest, its settings, its secret from
 * the keychain, and reliability around every exchange (one rate limiter per app, so
 * two flows on one app share its budget; retries in place with jittered backoff).
 */
export function createConnectorFactory(options: ConnectorFactoryOptions) {
  const limiters = new Map<string, RateLimiter>();
  const oauth = createOAuthConnections(options);
  const policy = options.retry ?? defaultRetryPolicy;
  const limiterClock = { now: () => options.clock.now().getTime(), sleep: (ms: number) => options.sleep(ms) };

  function limiterFor(app: App, manifest: Manifest): RateLimiter {
    // Keyed by the limit too, so a changed setting or preset takes effect without a restart.
    const setting = ownValue(app.connector?.config, 'requestsPerSecond');
    const key = `${app.id}\u0000${manifest.id}\u0000${String(setting ?? '')}`;
    let limiter = limiters.get(key);
    if (!limiter) {
      // An app's settings may raise or lower the documented limit (Stripe live vs test mode, an emulator).
      const perSecond = Number(setting);
      const limit =
        Number.isFinite(perSecond) && perSecond > 0
          ? { requests: perSecond, perMs: 1000, concurrency: concurrencyOf(manifest) }
          : (manifest.rateLimit ?? { requests: 10, perMs: 1000, concurrency: concurrencyOf(manifest) });
      limiter = new RateLimiter(limit, limiterClock);
      limiters.set(key, limiter);
    }
    return limiter;
  }

  const factory = {
    /**
     * The app's entities as its connector knows them without asking the app; undefined
     * for one that must be asked first (a database's tables: `prepare`).
     */
    knownEntitiesOf(app: App): EntityDescription[] | undefined {
      // Named, not `this`: callers pass the method around detached.
      const connector = factory.forApp(app);
      if (connector.prepare) return undefined;
      return connector.entityNames().flatMap((name) => connector.describe(name) ?? []);
    },
    /**
     * The connector for an app not saved yet ("Test the connection" in Add app): its
     * credential as typed, in no keychain; its outcome counted on no credential.
     */
    forDraft(app: App, secret: () => Promise<string | undefined>): Connector {
      const { usage: _usage, connectorStateDir: _state, ...rest } = options;
      return createConnectorFactory({ ...rest, secrets: oneSecret(secret) }).forApp(app);
    },
    forApp(app: App, signal?: AbortSignal): Connector {
      if (!app.connector) {
        throw new ApiError(
          'invalid_input',
          `${app.name} is not connected yet: choose its connector in Apps → ${app.name}.`,
          {
            field: 'connector',
          },
        );
      }
      const entry = options.catalog.get(app.connector.connector);
      if (!entry) {
        throw new ApiError(
          'invalid_input',
          `${app.name} uses the connector "${app.connector.connector}", which this Patchbay does not have.`,
          {
            field: 'connector.connector',
          },
        );
      }
      if (entry.kind !== app.connector.kind) {
        throw new ApiError(
          'invalid_input',
          `${app.name} names the ${entry.name} connector as kind "${app.connector.kind}", but it is kind "${entry.kind}": choose its connector again in Apps → ${app.name}.`,
          { field: 'connector.kind' },
        );
      }
      const manifest = entry.kind === 'rest' ? entry.manifest : undefined;
      // An OAuth app's secret is a fresh access token, and one 401 refreshes it once; an
      // app holding a legacy token (no client id) sends its saved credential as it is.
      const oauthAuth =
        manifest?.auth.type === 'oauth2' && !usesLegacyToken(manifest.auth, app.connector.config)
          ? oauth.forApp(
              { id: app.id, name: app.name, config: app.connector.config },
              manifest.auth,
              manifest,
            )
          : undefined;
      // Other secrets are read once per connector (one run): each keychain read is a
      // D-Bus round trip and costs keytar a little native memory (see bench/README.md).
      // An auth refusal drops the copy, so a credential changed mid-run counts.
      let cached: Promise<string | undefined> | undefined;
      const readSecret =
        oauthAuth?.secret ??
        (() => (cached ??= options.secrets.get(secretAccount(options.workspaceName, app.id))));
      // A saved credential that no longer opens stops the run like a refused one, named for the app.
      const secret = () =>
        readSecret().catch((error: unknown) =>
          Promise.reject(keychainInWords(damagedAsAuthError(error, app.name), app.name)),
        );
      const withSecretRedacted = async <T>(operation: () => Promise<T>): Promise<T> => {
        try {
          const result = await operation();
          options.usage?.used(app.id);
          return result;
        } catch (error) {
          const syncError = toSyncError(error, app.name);
          const known = await (oauthAuth?.storedSecret ?? secret)().catch(() => undefined);
          if (syncError.errorClass === 'auth') {
            cached = undefined;
            options.usage?.failed(app.id, syncError.errorClass);
          }
          throw redactSecret(syncError, known);
        }
      };
      if (entry.kind !== 'rest') {
        // A file or database connector retries and limits itself; its errors are redacted here too.
        return redactingConnector(
          entry.definition.open({
            appId: app.id,
            appName: app.name,
            config: app.connector.config,
            secret,
            now: () => options.clock.now(),
            ...(signal ? { signal } : {}),
            ...(options.connectorStateDir ? { stateDir: join(options.connectorStateDir, app.id) } : {}),
          }),
          withSecretRedacted,
        );
      }
      const limiter = limiterFor(app, entry.manifest);
      // Made once per connector, not per request: every exchange of a sync passes through here.
      const retries: RetryOptions = {
        ...policy,
        random: options.random,
        sleep: options.sleep,
        toSyncError: (error) => toSyncError(error, app.name),
        onRetry: (error) => {
          if (error.errorClass === 'rate_limit' && error.retryAfterMs) limiter.pauseFor(error.retryAfterMs);
        },
        ...(signal ? { signal } : {}),
      };
      return createManifestConnector({
        manifest: entry.manifest,
        appName: app.name,
        config: app.connector.config,
        secret,
        send: oauthAuth?.send ?? options.send,
        now: () => options.clock.now(),
        digest: (algorithm, text) => createHash(algorithm).update(text).digest('hex'),
        pause: (ms) => limiter.pauseFor(ms),
        reliably: (operation) =>
          withSecretRedacted(() => retryInPlace(() => limiter.run(operation), retries)),
      });
    },
  };
  return factory;
}

export type ConnectorFactory = ReturnType<typeof createConnectorFactory>;

/** The connector with every exchange passed through `around` (secret redaction, credential health). */
function redactingConnector(
  connector: Connector,
  around: <T>(operation: () => Promise<T>) => Promise<T>,
): Connector {
  return {
    appName: connector.appName,
    ...(connector.prepare ? { prepare: () => around(() => connector.prepare!()) } : {}),
    entityNames: () => connector.entityNames(),
    describe: (entity) => connector.describe(entity),
    check: () => around(() => connector.check()),
    readPage: (entity, cursor, state) => around(() => connector.readPage(entity, cursor, state)),
    getRecord: (entity, id) => around(() => connector.getRecord(entity, id)),
    lookup: (entity, key) => around(() => connector.lookup(entity, key)),
    create: (entity, record, write) => around(() => connector.create(entity, record, write)),
    update: (entity, targetId, record, write) =>
      around(() => connector.update(entity, targetId, record, write)),
    batchUpsert: (entity, items) => around(() => connector.batchUpsert(entity, items)),
    remove: (entity, targetId) => around(() => connector.remove(entity, targetId)),
  };
}

/**
 * A keychain Patchbay cannot reach stops the run with its own sentence (what to install
 * or unlock), not "Something went wrong inside Patchbay".
 */
function keychainInWords(error: unknown, appName: string): unknown {
  return error instanceof KeychainUnavailableError
    ? new SyncError('internal', appName, { summary: error.message })
    : error;
}
