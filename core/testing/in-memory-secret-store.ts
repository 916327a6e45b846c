import type { SecretStore } from '../secrets/secret-store.ts';

/**
 * The `SecretStore` port kept in a Map, for tests that are not about the keychain: they
 * then need no keyring and leave nothing behind. Behaves as `KeytarSecretStore` does
 * (a set replaces, delete says whether there was one, list sorts the account names);
 * keychain and credential tests stay on the real keychain.
 */
export class InMemorySecretStore implements SecretStore {
  readonly #values = new Map<string, string>();

  get(account: string): Promise<string | undefined> {
    return Promise.resolve(this.#values.get(account));
  }

  set(account: string, value: string): Promise<void> {
    this.#values.set(account, value);
    return Promise.resolve();
  }

  delete(account: string): Promise<boolean> {
    return Promise.resolve(this.#values.delete(account));
  }

  list(): Promise<string[]> {
    return Promise.resolve([...this.#values.keys()].sort());
  }
}
