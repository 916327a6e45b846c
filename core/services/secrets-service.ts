import { ApiError } from '../contract/errors.ts';
import type { SqliteAppRepository } from '../storage/app-repository.ts';
import type { SqliteAuditLog } from '../storage/audit-repository.ts';
import { KeychainUnavailableError, secretAccount, type SecretStore } from '../secrets/secret-store.ts';
import type { Clock } from './ports.ts';

/** Credentials per app, in the keychain only; the audit records that one changed, never its value. */
export function createSecretsService(options: {
  readonly secrets: SecretStore;
  readonly apps: SqliteAppRepository;
  readonly audit: SqliteAuditLog;
  readonly clock: Clock;
  readonly workspaceName: string;
}) {
  const { secrets, apps, audit, clock, workspaceName } = options;

  function mustApp(appId: string) {
    const app = apps.get(appId) ?? apps.get(apps.findIdByName(appId) ?? '');
    if (!app)
      throw new ApiError('not_found', `There is no app called "${appId}" in the inventory.`, {
        field: 'appId',
      });
    return app;
  }

  async function keychain<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw new ApiError('unavailable', error.message);
      throw error;
    }
  }

  return {
    async set(appIdOrName: string, value: string): Promise<{ appId: string }> {
      const app = mustApp(appIdOrName);
      await keychain(() => secrets.set(secretAccount(workspaceName, app.id), value));
      audit.append({
        at: clock.now().toISOString(),
        actor: 'user',
        action: 'credential.set',
        subject: app.id,
      });
      return { appId: app.id };
    },
    async delete(appIdOrName: string): Promise<{ deleted: boolean }> {
      const app = mustApp(appIdOrName);
      return { deleted: await this.forget(app.id) };
    },
    /** Removes an app's credential (also when the app itself is deleted). */
    async forget(appId: string): Promise<boolean> {
      const deleted = await keychain(() => secrets.delete(secretAccount(workspaceName, appId)));
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
