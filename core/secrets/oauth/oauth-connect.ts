import type { App } from '../../contract/apps.ts';
import { ApiError } from '../../contract/errors.ts';
import type { HttpSend } from '../../connectors/http/http-port.ts';
import type { ConnectorCatalog } from '../../connectors/connector-catalog.ts';
import type { Clock } from '../../ports.ts';
import { secretAccount, type SecretStore } from '../secret-store.ts';
import { startAuthorization, type Authorization } from './oauth-client.ts';
import { plainOAuthMessage } from './oauth-error.ts';
import { oauthSettings } from './oauth-settings.ts';
import { readStoredClient } from './token-bundle.ts';

export interface OAuthOutcome {
  appId: string;
  ok: boolean;
  /** Plain words for the user; never a code or token. */
  message: string;
}

export interface OAuthConnectOptions {
  readonly findApp: (idOrName: string) => App | undefined;
  readonly catalog: Pick<ConnectorCatalog, 'get'>;
  readonly secrets: SecretStore;
  readonly workspaceName: string;
  readonly send: HttpSend;
  readonly clock: Clock;
  /** Called once per attempt that ran to an end (not for one replaced by a newer attempt). */
  readonly finished: (outcome: OAuthOutcome) => void;
  /** Keeps values captured at sign-in (QuickBooks' `realmId`) with the app's connection settings. */
  readonly saveConnectionValues?: (appId: string, values: Record<string, string>) => void | Promise<void>;
  readonly timeoutMs?: number;
}

/** The "Connect <App>" use case: one browser sign-in per app at a time, finished in the background. */
export function createOAuthConnect(options: OAuthConnectOptions) {
  const pending = new Map<string, Authorization>();
  const superseded = new Error('A newer attempt to connect this app replaced this one.');

  function oauthApp(idOrName: string) {
    const app = options.findApp(idOrName);
    if (!app)
      throw new ApiError('not_found', `There is no app called "${idOrName}" in the inventory.`, {
        field: 'appId',
      });
    const entry = app.connector ? options.catalog.get(app.connector.connector) : undefined;
    const manifest = entry?.kind === 'rest' ? entry.manifest : undefined;
    if (!app.connector || !manifest) {
      throw new ApiError(
        'invalid_input',
        `${app.name} has no connector yet: choose one in Apps → ${app.name}.`,
        {
          field: 'appId',
        },
      );
    }
    if (manifest.auth.type !== 'oauth2') {
      throw new ApiError(
        'invalid_input',
        `${app.name}'s connector does not sign in through the browser: save its key under Apps → ${app.name} → Credentials.`,
        { field: 'appId' },
      );
    }
    if (manifest.auth.grant === 'client_credentials') {
      throw new ApiError(
        'invalid_input',
        `${app.name} connects without a browser sign-in: save its client secret under Apps → ${app.name} → Credentials.`,
        { field: 'appId' },
      );
    }
    const settings = oauthSettings(app.name, manifest.auth, app.connector.config, manifest);
    if ('problem' in settings) throw new ApiError('invalid_input', settings.problem, { field: 'appId' });
    return { app, settings };
  }

  /** A confidential client's secret, saved as the app's credential before it connects (or kept with its tokens). */
  async function storedClientSecret(clientAuth: string, account: string, appName: string) {
    if (clientAuth === 'none') return undefined;
    const stored = await options.secrets.get(account);
    if (stored === undefined)
      throw new ApiError(
        'invalid_input',
        `${appName} needs the client secret of the app registered for Patchbay: save it under Apps → ${appName} → Credentials, then connect.`,
        { field: 'appId' },
      );
    try {
      return readStoredClient(stored, appName).clientSecret;
    } catch (error) {
      throw new ApiError('invalid_input', plainOAuthMessage(error, appName), { field: 'appId' });
    }
  }

  return {
    /** Starts a sign-in; the caller opens `authorizeUrl` in the system browser. */
    async start(idOrName: string): Promise<{ authorizeUrl: string }> {
      const { app, settings } = oauthApp(idOrName);
      await pending.get(app.id)?.cancel(superseded);
      const account = secretAccount(options.workspaceName, app.id);
      const clientSecret = await storedClientSecret(settings.clientAuth, account, app.name);
      const authorization = await startAuthorization({
        ...settings,
        clientSecret,
        saveCaptured: (values) => options.saveConnectionValues?.(app.id, values),
        appName: app.name,
        account,
        secrets: options.secrets,
        send: options.send,
        clock: options.clock,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      pending.set(app.id, authorization);
      authorization.tokens
        .then(
          () =>
            options.finished({ appId: app.id, ok: true, message: `Patchbay is connected to ${app.name}.` }),
          (error: unknown) => {
            if (error === superseded) return;
            options.finished({ appId: app.id, ok: false, message: plainOAuthMessage(error, app.name) });
          },
        )
        .finally(() => {
          if (pending.get(app.id) === authorization) pending.delete(app.id);
        });
      return { authorizeUrl: authorization.authorizeUrl };
    },
    /** Stops every listener (the core is closing). */
    async stop(): Promise<void> {
      const all = [...pending.values()];
      pending.clear();
      await Promise.all(all.map((authorization) => authorization.cancel(superseded)));
    },
  };
}

export type OAuthConnect = ReturnType<typeof createOAuthConnect>;
