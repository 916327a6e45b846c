// Credentials on a headless server, where no desktop keychain runs (issue 15): sealed
// with a key the administrator provides as a file, for example a systemd credential
// (https://systemd.io/CREDENTIALS/). An explicit choice (PATCHBAY_SECRETS_KEY_FILE), never
// a fallback: without it a missing keychain stays an error that stores nothing.
import { hkdfSync } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DamagedSecretError, fileNameOf, seal, unseal } from './sealed-secret-store.ts';
import { removeSecretFile, writeSecretFile } from './secret-files.ts';
import type { SecretStore } from './secret-store.ts';

/** The environment variable that opts in, naming the key file. */
export const secretsKeyFileVariable = 'PATCHBAY_SECRETS_KEY_FILE';

/** A key file with fewer bytes than this is refused: it would be guessable. */
const shortestKeyFileBytes = 32;

/** The key file cannot be used: the sentence says what to fix. Nothing is stored. */
export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/**
 * Reads the administrator's key file and derives the sealing key from it (HKDF-SHA256,
 * so any 32+ bytes of randomness work: `openssl rand -base64 32`, `systemd-creds`, raw bytes).
 * Refuses a file other users can read: the key would not protect anything from them.
 */
export function readSecretsKeyFile(path: string, platform: NodeJS.Platform = process.platform): Buffer {
  let bytes: Buffer;
  try {
    if (platform !== 'win32' && (statSync(path).mode & 0o077) !== 0)
      throw new KeyFileError(
        `The secrets key file ${path} can be read by other users; allow only Patchbay's user (chmod 600 ${path}).`,
      );
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    throw new KeyFileError(
      `Patchbay cannot read the secrets key file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); ${secretsKeyFileVariable} must name a file this user can read.`,
    );
  }
  if (bytes.length < shortestKeyFileBytes)
    throw new KeyFileError(
      `The secrets key file ${path} holds ${bytes.length} bytes; it needs at least ${shortestKeyFileBytes} random bytes (for example: openssl rand -base64 32 > ${path}).`,
    );
  return Buffer.from(hkdfSync('sha256', bytes, 'patchbay', 'patchbay secrets key file v1', 32));
}

/**
 * A `SecretStore` in files instead of a keychain: one file per account in `dir`, each
 * `{ account, sealed }` with the value AES-256-GCM sealed under the key file's key and
 * the account as authenticated data (a file copied onto another account does not open).
 */
export class KeyFileSecretStore implements SecretStore {
  readonly #key: Buffer;
  readonly #dir: string;

  constructor(options: { readonly key: Buffer; readonly dir: string }) {
    this.#key = options.key;
    this.#dir = options.dir;
  }

  async get(account: string): Promise<string | undefined> {
    const entry = await this.#read(fileNameOf(account));
    if (entry === undefined) return undefined;
    if (entry.account !== account) throw new DamagedSecretError(account);
    try {
      return unseal(this.#key, account, entry.sealed);
    } catch {
      throw new DamagedSecretError(account);
    }
  }

  set(account: string, value: string): Promise<void> {
    const entry = JSON.stringify({ account, sealed: seal(this.#key, account, value) });
    return writeSecretFile(this.#dir, fileNameOf(account), entry);
  }

  delete(account: string): Promise<boolean> {
    return removeSecretFile(join(this.#dir, fileNameOf(account)));
  }

  async list(): Promise<string[]> {
    const files = await readdir(this.#dir).catch(() => [] as string[]);
    const entries = await Promise.all(
      files
        .filter((file) => /^[0-9a-f]{64}\.bin$/.test(file))
        .map((file) => this.#read(file).catch(() => undefined)),
    );
    return entries.flatMap((entry) => (entry ? [entry.account] : []));
  }

  async #read(fileName: string): Promise<{ account: string; sealed: string } | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.#dir, fileName), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const entry = JSON.parse(text) as { account?: unknown; sealed?: unknown };
      if (typeof entry.account === 'string' && typeof entry.sealed === 'string')
        return { account: entry.account, sealed: entry.sealed };
    } catch {
      // Falls through: a file that is not ours reads as damaged, never as a value.
    }
    throw new DamagedSecretError(fileName);
  }
}
