import type { SecretStore } from './secret-store.ts';

/**
 * A stand-in keychain holding one credential, for a connection tried before its app is
 * saved. What the test writes (a token a client secret bought) stays in this object's
 * memory for the test and never reaches the keychain.
 */
export function oneSecret(secret: () => Promise<string | undefined>): SecretStore {
  let written: string | undefined;
  return {
    get: () => (written === undefined ? secret() : Promise.resolve(written)),
    set: (_account, value) => {
      written = value;
      return Promise.resolve();
    },
    delete: () => Promise.resolve(false),
    list: () => Promise.resolve([]),
  };
}
