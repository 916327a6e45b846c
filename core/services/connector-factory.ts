import { ApiError } from '../contract/errors.ts';
import type { App } from '../contract/apps.ts';
import type { HttpSend } from '../connectors/http/http-port.ts';
import {
  createManifestConnector,
  type ManifestConnector,
} from '../connectors/manifest/manifest-connector.ts';
import type { Manifest } from '../connectors/manifest/manifest-schema.ts';
import { retryInPlace } from '../reliability/backoff.ts';
import { RateLimiter } from '../reliability/rate-limiter.ts';
import { redactSecret } from '../reliability/redact-secret.ts';
import { toSyncError } from '../reliability/sync-error-policy.ts';
import { secretAccount, type SecretStore } from '../secrets/secret-store.ts';
import type { Clock } from './ports.ts';

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
  readonly presets: ReadonlyMap<string, Manifest>;
  readonly secrets: SecretStore;
  readonly workspaceName: string;
  readonly send: HttpSend;
  readonly clock: Clock;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly retry?: RetryPolicy;
}

/**
 * Builds the connector for an app: its preset manifest, its settings, its secret from
 * the keychain, and reliability around every exchange (one rate limiter per app, so
 * two flows on one app share its budget; retries in place with jittered backoff).
 */
export function createConnectorFactory(options: ConnectorFactoryOptions) {
  const limiters = new Map<string, RateLimiter>();
  const policy = options.retry ?? defaultRetryPolicy;
  const limiterClock = { now: () => options.clock.now().getTime(), sleep: (ms: number) => options.sleep(ms) };

  function limiterFor(app: App, manifest: Manifest): RateLimiter {
    // Keyed by the limit too, so a changed setting or preset takes effect without a restart.
    const key = `${app.id}\u0000${manifest.id}\u0000${String(app.connector?.config.requestsPerSecond ?? '')}`;
    let limiter = limiters.get(key);
    if (!limiter) {
      // An app's settings may raise or lower the documented limit (Stripe live vs test mode, an emulator).
      const perSecond = Number(app.connector?.config.requestsPerSecond);
      const limit =
        Number.isFinite(perSecond) && perSecond > 0
          ? { requests: perSecond, perMs: 1000, concurrency: manifest.rateLimit?.concurrency ?? 4 }
          : (manifest.rateLimit ?? { requests: 10, perMs: 1000, concurrency: 4 });
      limiter = new RateLimiter(limit, limiterClock);
      limiters.set(key, limiter);
    }
    return limiter;
  }

  return {
    forApp(app: App, signal?: AbortSignal): ManifestConnector {
      if (!app.connector) {
        throw new ApiError(
          'invalid_input',
          `${app.name} is not connected yet: choose its connector in Apps → ${app.name}.`,
          {
            field: 'connector',
          },
        );
      }
      const manifest = options.presets.get(app.connector.preset);
      if (!manifest) {
        throw new ApiError(
          'invalid_input',
          `${app.name} uses the connector "${app.connector.preset}", which this Patchbay does not have.`,
          {
            field: 'connector.preset',
          },
        );
      }
      const limiter = limiterFor(app, manifest);
      const secret = () => options.secrets.get(secretAccount(options.workspaceName, app.id));
      const withSecretRedacted = async <T>(operation: () => Promise<T>): Promise<T> => {
        try {
          return await operation();
        } catch (error) {
          throw redactSecret(toSyncError(error, app.name), await secret().catch(() => undefined));
        }
      };
      return createManifestConnector({
        manifest,
        appName: app.name,
        config: app.connector.config,
        secret,
        send: options.send,
        now: () => options.clock.now(),
        reliably: (operation) =>
          withSecretRedacted(() =>
            retryInPlace(() => limiter.run(operation), {
              ...policy,
              random: options.random,
              sleep: options.sleep,
              toSyncError: (error) => toSyncError(error, app.name),
              onRetry: (error) => {
                if (error.errorClass === 'rate_limit' && error.retryAfterMs)
                  limiter.pauseFor(error.retryAfterMs);
              },
              ...(signal ? { signal } : {}),
            }),
          ),
      });
    },
  };
}

export type ConnectorFactory = ReturnType<typeof createConnectorFactory>;
