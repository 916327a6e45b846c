/**
 * Where credentials live: the OS keychain only. Accounts are `<workspace>/<app>`
 * under the service `Patchbay`. Implementations are named by technology
 * (`KeytarSecretStore`); keeping keytar behind this port makes a switch to another
 * keyring library a one-file change.
 */
export interface SecretStore {
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
  /** Accounts that have a secret, without reading any value. */
  list(): Promise<string[]>;
}

export const secretService = 'Patchbay';

export function secretAccount(workspace: string, appId: string): string {
  return `${workspace}/${appId}`;
}

/** Raised when no keychain can be reached: says what to install or unlock, stores nothing elsewhere. */
export class KeychainUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `Patchbay cannot reach the system keychain, so it cannot save or read credentials (${detail}). ` +
        'On Linux, install and unlock a Secret Service keyring (for example gnome-keyring, started with your desktop session); ' +
        'on Windows and macOS, make sure you are signed in to your user account. ' +
        'On a server with no desktop session, an administrator can give Patchbay a key file instead (PATCHBAY_SECRETS_KEY_FILE, see docs/packaging.md). ' +
        'Nothing was stored anywhere else.',
    );
    this.name = 'KeychainUnavailableError';
  }
}
