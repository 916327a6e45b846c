import type { HttpSend } from '../../connectors/http/http-port.ts';
import { SyncError } from '../../reliability/error-classes.ts';
import type { Clock } from '../../ports.ts';
import { secretAccount, type SecretStore } from '../secret-store.ts';
import { OAuthError } from './oauth-error.ts';
import type { ConnectionSpec } from '../../connectors/manifest/connection-values.ts';
import { oauthSettings, type OAuth2Auth, type OAuthSettings } from './oauth-settings.ts';
import { createTokenSource, type TokenSource } from './token-source.ts';

export interface OAuthConnectionsOptions {
  readonly secrets: SecretStore;
  readonly workspaceName: string;
  readonly send: HttpSend;
  readonly clock: Clock;
}

/** What a connector needs for an app that signs in with OAuth 2.0. */
export interface OAuthConnectorAuth {
  /** A fresh access token (refreshed before it expires), as the connector's secret. */
  secret(): Promise<string | undefined>;
  /** The stored access token without refreshing, to cut it out of error messages. */
  storedSecret(): Promise<string | undefined>;
  /** The app's HTTP port, with one refresh and one retry after a 401. */
  send: HttpSend;
}

/**
 * Token sources per app, kept for the life of the core so every flow on one app
 * shares one refresh at a time (a rotated refresh token can be spent only once).
 */
export function createOAuthConnections(options: OAuthConnectionsOptions) {
  const sources = new Map<string, TokenSource>();

  function sourceFor(appId: string, appName: string, settings: OAuthSettings): TokenSource {
    const { tokenUrl, clientId } = settings;
    const account = secretAccount(options.workspaceName, appId);
    const key = `${account}\u0000${tokenUrl}\u0000${clientId}\u0000${settings.grant}\u0000${settings.clientAuth}`;
    let source = sources.get(key);
    if (!source) {
      source = createTokenSource({ ...options, appName, tokenUrl, clientId, account, client: settings });
      sources.set(key, source);
    }
    return source;
  }

  return {
    forApp(
      app: { id: string; name: string; config: Record<string, unknown> },
      auth: OAuth2Auth,
      connection?: ConnectionSpec,
    ): OAuthConnectorAuth {
      const settings = oauthSettings(app.name, auth, app.config, connection);
      if ('problem' in settings) {
        const refuse = () => Promise.reject(new SyncError('auth', app.name, { summary: settings.problem }));
        return { secret: refuse, storedSecret: async () => undefined, send: options.send };
      }
      const tokens = sourceFor(app.id, app.name, settings);
      // The header the token travels in (Shopify's X-Shopify-Access-Token has no "Bearer ").
      const header = auth.tokenHeader.name.toLowerCase();
      const prefix = auth.tokenHeader.prefix;
      const classified = async <T>(operation: () => Promise<T>): Promise<T> => {
        try {
          return await operation();
        } catch (error) {
          throw toSyncError(error, app.name);
        }
      };
      return {
        secret: () => classified(() => tokens.accessToken()),
        storedSecret: () => tokens.storedAccessToken(),
        async send(request, signal) {
          const response = await options.send(request, signal);
          const sent = request.headers[header];
          const rejected = sent?.startsWith(prefix) ? sent.slice(prefix.length) : undefined;
          if (response.status !== 401 || !rejected) return response;
          // Exactly one refresh and one retry: a second 401 goes back to the caller as an auth error.
          const fresh = await classified(() => tokens.refreshAfter401(rejected));
          return options.send(
            { ...request, headers: { ...request.headers, [header]: `${prefix}${fresh}` } },
            signal,
          );
        },
      };
    },
  };
}

export type OAuthConnections = ReturnType<typeof createOAuthConnections>;

function toSyncError(error: unknown, appName: string): unknown {
  if (!(error instanceof OAuthError)) return error;
  // A dead grant stops the app's flows until the user reconnects; an unreachable sign-in server is retried.
  return new SyncError(error.failure === 'unavailable' ? 'network' : 'auth', appName, {
    summary: error.message,
  });
}
