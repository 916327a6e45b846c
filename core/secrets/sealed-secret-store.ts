import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncError } from '../reliability/error-classes.ts';
import type { KnownSecrets } from './known-secrets.ts';
import { removeSecretFile, writeSecretFile } from './secret-files.ts';
import type { SecretStore } from './secret-store.ts';

/**
 * Windows Credential Manager keeps at most 2,560 bytes per entry, and OAuth token
 * bundles with JWTs can be larger. Values up to this size go to the keychain as they are.
 */
export const largestPlainBytes = 1024;

const markerPrefix = 'patchbay-sealed:v1:';
const sealKeyName = '.seal-key';
const ivBytes = 12;
const tagBytes = 16;
const keyBytes = 32;

/** Raised when a sealed credential cannot be opened: never a partial or wrong value. */
export class DamagedSecretError extends Error {
  readonly account: string;

  constructor(account: string) {
    super(damagedCredentialMessage(account));
    this.name = 'DamagedSecretError';
    this.account = account;
  }
}

export function damagedCredentialMessage(subject: string): string {
  return `The saved credential for ${subject} is damaged; set it again.`;
}

/** A damaged credential as the auth error a run stops on, named for the app. */
export function damagedAsAuthError(error: unknown, appName: string): unknown {
  return error instanceof DamagedSecretError
    ? new SyncError('auth', appName, { summary: damagedCredentialMessage(appName) })
    : error;
}

export interface SealedSecretStoreOptions {
  /** The keychain itself. */
  readonly inner: SecretStore;
  /** The workspace folder; sealed values go to its `sealed/` folder. */
  readonly workspaceDir: string;
  /** Told every value read or saved, so logs and errors can be cleaned of it. */
  readonly known?: KnownSecrets;
  readonly largestPlainBytes?: number;
}

/**
 * A `SecretStore` that keeps large values out of the keychain: they are sealed with
 * AES-256-GCM under a random key that stays in the keychain (one per workspace,
 * account `<workspace>/.seal-key`), the ciphertext goes to a file in the workspace,
 * and the keychain entry holds a marker naming that file. The account is the
 * authenticated data, so a file copied onto another account does not open either.
 */
export class SealedSecretStore implements SecretStore {
  readonly #inner: SecretStore;
  readonly #dir: string;
  readonly #known: KnownSecrets | undefined;
  readonly #largestPlain: number;
  // Changes run one at a time: a seal key is created once, and never dropped while
  // another change is about to seal with it.
  #changes: Promise<unknown> = Promise.resolve();

  constructor(options: SealedSecretStoreOptions) {
    this.#inner = options.inner;
    this.#dir = join(options.workspaceDir, 'sealed');
    this.#known = options.known;
    this.#largestPlain = options.largestPlainBytes ?? largestPlainBytes;
  }

  async get(account: string): Promise<string | undefined> {
    const stored = await this.#inner.get(account);
    const value = stored?.startsWith(markerPrefix) ? await this.#unseal(account, stored) : stored;
    this.#known?.note(value);
    return value;
  }

  set(account: string, value: string): Promise<void> {
    this.#known?.note(value);
    return this.#oneAtATime(async () => {
      if (Buffer.byteLength(value, 'utf8') <= this.#largestPlain) {
        await this.#inner.set(account, value);
        // A value that shrank leaves no sealed copy behind.
        if (await this.#removeFile(account)) await this.#dropKeyWhenUnused(account);
        return;
      }
      const key = await this.#sealKey(account);
      const fileName = fileNameOf(account);
      await writeSecretFile(this.#dir, fileName, seal(key, account, value));
      await this.#inner.set(account, `${markerPrefix}${fileName}`);
    });
  }

  delete(account: string): Promise<boolean> {
    return this.#oneAtATime(async () => {
      const deleted = await this.#inner.delete(account);
      const removed = await this.#removeFile(account);
      if (removed) await this.#dropKeyWhenUnused(account);
      return deleted || removed;
    });
  }

  async list(): Promise<string[]> {
    return (await this.#inner.list()).filter((account) => !account.endsWith(`/${sealKeyName}`));
  }

  async #unseal(account: string, marker: string): Promise<string> {
    const fileName = marker.slice(markerPrefix.length);
    // Only our own file names, never a path from a tampered entry.
    if (!/^[0-9a-f]{64}\.bin$/.test(fileName)) throw new DamagedSecretError(account);
    const key = decodeKey(await this.#inner.get(sealKeyAccount(account)));
    const sealed = await readFile(join(this.#dir, fileName), 'utf8').catch(() => undefined);
    if (!key || sealed === undefined) throw new DamagedSecretError(account);
    try {
      return unseal(key, account, sealed);
    } catch {
      throw new DamagedSecretError(account);
    }
  }

  async #sealKey(account: string): Promise<Buffer> {
    const keyAccount = sealKeyAccount(account);
    const existing = decodeKey(await this.#inner.get(keyAccount));
    if (existing) return existing;
    const created = randomBytes(keyBytes);
    await this.#inner.set(keyAccount, created.toString('base64'));
    return created;
  }

  #removeFile(account: string): Promise<boolean> {
    return removeSecretFile(join(this.#dir, fileNameOf(account)));
  }

  // The key goes with the workspace's last sealed value, so nothing is left behind.
  async #dropKeyWhenUnused(account: string): Promise<void> {
    const files = await readdir(this.#dir).catch(() => [] as string[]);
    if (!files.some((file) => file.endsWith('.bin'))) await this.#inner.delete(sealKeyAccount(account));
  }

  #oneAtATime<T>(change: () => Promise<T>): Promise<T> {
    const result = this.#changes.then(change);
    this.#changes = result.catch(() => undefined);
    return result;
  }
}

function sealKeyAccount(account: string): string {
  const slash = account.lastIndexOf('/');
  return `${slash < 0 ? account : account.slice(0, slash)}/${sealKeyName}`;
}

export function fileNameOf(account: string): string {
  return `${createHash('sha256').update(account).digest('hex')}.bin`;
}

function decodeKey(stored: string | undefined): Buffer | undefined {
  const key = stored === undefined ? undefined : Buffer.from(stored, 'base64');
  return key?.length === keyBytes ? key : undefined;
}

/** base64(iv ‖ tag ‖ ciphertext), AES-256-GCM with the account as authenticated data. */
export function seal(key: Buffer, account: string, value: string): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(account, 'utf8'));
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

/** Opens what `seal` made; throws on a wrong key, account or altered bytes (never a partial value). */
export function unseal(key: Buffer, account: string, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  if (bytes.length < ivBytes + tagBytes) throw new Error('too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes), {
    authTagLength: tagBytes,
  });
  decipher.setAAD(Buffer.from(account, 'utf8'));
  decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
  return Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString(
    'utf8',
  );
}
