import type * as KeytarModule from 'keytar';
import { KeychainUnavailableError, secretService, type SecretStore } from './secret-store.ts';

/** The `SecretStore` on keytar: Keychain (macOS), Credential Manager (Windows), Secret Service (Linux). */
export class KeytarSecretStore implements SecretStore {
  readonly #service: string;

  constructor(service: string = secretService) {
    this.#service = service;
  }

  get(account: string): Promise<string | undefined> {
    return guard(async (keytar) => (await keytar.getPassword(this.#service, account)) ?? undefined);
  }

  set(account: string, value: string): Promise<void> {
    return guard((keytar) => keytar.setPassword(this.#service, account, value));
  }

  delete(account: string): Promise<boolean> {
    return guard((keytar) => keytar.deletePassword(this.#service, account));
  }

  list(): Promise<string[]> {
    // findCredentials reads values too; only the account names leave this function.
    return guard(async (keytar) =>
      (await keytar.findCredentials(this.#service)).map((c) => c.account).sort(),
    );
  }
}

type Keytar = typeof KeytarModule;

// Loaded on first use: a machine without libsecret still opens its workspaces, and
// only credential operations say the keychain is missing.
let keytarModule: Promise<Keytar> | undefined;
const loadKeytar = (): Promise<Keytar> =>
  (keytarModule ??= import('keytar').then((m) => (m as { default?: Keytar } & Keytar).default ?? m));

async function guard<T>(operation: (keytar: Keytar) => Promise<T>): Promise<T> {
  try {
    const keytar = await loadKeytar();
    return await operation(keytar);
  } catch (error) {
    // keytar's Linux errors come from libsecret/D-Bus; none of them carry secret values.
    throw new KeychainUnavailableError((error as Error).message.split('\n')[0] ?? 'unknown error');
  }
}
