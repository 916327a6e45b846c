import type { AppRepository, AuditLog, CredentialRepository } from './repositories.ts';
import { ApiError } from '../contract/errors.ts';
import type { ConnectorCatalog } from '../connectors/connector-catalog.ts';

import { KeychainUnavailableError, secretAccount, type SecretStore } from '../secrets/secret-store.ts';
import { credentialExpiry, credentialKindOf } from '../secrets/credential-facts.ts';
import type { CredentialUsage } from '../secrets/credential-usage.ts';
import type { Clock } from '../ports.ts';

/**
 * Credentials per app, in the keychain only. The audit records that one changed and
 * the `credentials` table when (created, rotated, expiring), never its value.
 */
export function createSecretsService(options: {
  readonly secrets: SecretStore;
  readonly apps: AppRepository;
  readonly audit: AuditLog;
  readonly credentials: CredentialRepository;
  readonly catalog: Pick<ConnectorCatalog, 'get'>;
  readonly usage?: Pick<CredentialUsage, 'reset'>;
  readonly clock: Clock;
  readonly workspaceName: string;
  /** Told when an app's credential was saved or replaced (a paused app's flows may resume). */
  readonly replaced?: (appId: string) => void;
}) {
  const { secrets, apps, audit, credentials, clock, workspaceName } = options;

  function mustApp(appId: string) {
    const app = apps.get(appId) ?? apps.get(apps.findIdByName(appId) ?? '');
    if (!app)
      throw new ApiError('not_found', `There is no app called "${appId}" in the inventory.`, {
        field: 'appId',
      });
    return app;
  }

  function recordSaved(appId: string, value: string | undefined): void {
    const app = apps.get(appId);
    if (!app) return;
    const at = clock.now().toISOString();
    credentials.saved(
      appId,
      credentialKindOf(app, options.catalog),
      at,
      value ? credentialExpiry(value) : null,
    );
    options.usage?.reset(appId);
    audit.append({ at, actor: 'user', action: 'credential.set', subject: appId });
    options.replaced?.(appId);
  }

  return {
    async set(appIdOrName: string, value: string): Promise<{ appId: string }> {
      const app = mustApp(appIdOrName);
      await withKeychain(() => secrets.set(secretAccount(workspaceName, app.id), value));
      recordSaved(app.id, value);
      return { appId: app.id };
    },
    /**
     * Records a credential saved by another route (an OAuth sign-in writes its token
     * bundle itself) at once, then reads it once, only to learn when it expires.
     */
    async saved(appId: string): Promise<void> {
      recordSaved(appId, undefined);
      const value = await withKeychain(() => secrets.get(secretAccount(workspaceName, appId)));
      if (value !== undefined) credentials.expires(appId, credentialExpiry(value));
    },
    /** Whether the app has a credential (its facts or the keychain); yes when the keychain cannot say. */
    async has(appId: string): Promise<boolean> {
      if (credentials.get(appId) !== undefined) return true;
      return secrets.list().then(
        (accounts) => accounts.includes(secretAccount(workspaceName, appId)),
        () => true,
      );
    },
    async delete(appIdOrName: string): Promise<{ deleted: boolean }> {
      const app = mustApp(appIdOrName);
      return { deleted: await this.forget(app.id) };
    },
    /** Removes an app's credential (also when the app itself is deleted). */
    async forget(appId: string): Promise<boolean> {
      const deleted = await withKeychain(() => secrets.delete(secretAccount(workspaceName, appId)));
      credentials.remove(appId);
      if (deleted)
        audit.append({
          at: clock.now().toISOString(),
          actor: 'user',
          action: 'credential.delete',
          subject: appId,
        });
      return deleted;
    },
  };
}

export type SecretsService = ReturnType<typeof createSecretsService>;

/** A keychain call whose "no keychain here" becomes an API error in plain words. */
export async function withKeychain<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof KeychainUnavailableError) throw new ApiError('unavailable', error.message);
    throw error;
  }
}
