import type { SecretStore } from './secret-store.ts';

/** A stand-in keychain holding one credential, for a connection tried before its app is saved. */
export function oneSecret(secret: () => Promise<string | undefined>): SecretStore {
  return {
    get: () => secret(),
    set: () => Promise.reject(new Error('A connection test saves no credential.')),
    delete: () => Promise.resolve(false),
    list: () => Promise.resolve([]),
  };
}
