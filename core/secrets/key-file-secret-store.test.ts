// Credentials on a server without a desktop keychain: the administrator's key file
// (PATCHBAY_SECRETS_KEY_FILE). Real files, real AES-256-GCM, and the real `patchbay`
// command with no D-Bus session at all, as on a headless server.
import { randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../host/open-core.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { runPatchbay } from '../testing/patchbay-cli.ts';
import { makeTempDir } from '../testing/temp-workspace.ts';
import { KeyFileError, KeyFileSecretStore, readSecretsKeyFile } from './key-file-secret-store.ts';
import { DamagedSecretError } from './sealed-secret-store.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function scratch(): string {
  const { dir, dispose } = makeTempDir('patchbay-keyfile-');
  cleanups.push(dispose);
  return dir;
}

function keyFile(dir: string, bytes = randomBytes(32).toString('base64'), mode = 0o600): string {
  const path = join(dir, 'patchbay.key');
  writeFileSync(path, bytes, { mode });
  chmodSync(path, mode);
  return path;
}

const quiet = { info: () => {}, error: () => {} };
const canary = 'sk_live_keyfile_canary_9a8b7c';

describe('KeyFileSecretStore', () => {
  it('round-trips values, lists accounts, deletes; the files hold no value in the clear', async () => {
    const dir = scratch();
    const store = new KeyFileSecretStore({
      key: readSecretsKeyFile(keyFile(dir)),
      dir: join(dir, 'secrets'),
    });
    await store.set('acme/stripe', canary);
    await store.set('acme/hubspot', 'pat-na1-other');
    expect(await store.get('acme/stripe')).toBe(canary);
    expect((await store.list()).sort()).toEqual(['acme/hubspot', 'acme/stripe']);
    for (const file of readdirSync(join(dir, 'secrets')))
      expect(readFileSync(join(dir, 'secrets', file), 'utf8')).not.toContain(canary);
    expect(await store.delete('acme/stripe')).toBe(true);
    expect(await store.delete('acme/stripe')).toBe(false);
    expect(await store.get('acme/stripe')).toBeUndefined();
  });

  it('never opens a value with another key file, or one copied onto another account', async () => {
    const dir = scratch();
    const secrets = join(dir, 'secrets');
    await new KeyFileSecretStore({ key: readSecretsKeyFile(keyFile(dir)), dir: secrets }).set(
      'acme/a',
      canary,
    );
    const otherKey = new KeyFileSecretStore({ key: readSecretsKeyFile(keyFile(scratch())), dir: secrets });
    await expect(otherKey.get('acme/a')).rejects.toBeInstanceOf(DamagedSecretError);
  });

  it('refuses a short key file and one other users can read, saying what to do', () => {
    const dir = scratch();
    expect(() => readSecretsKeyFile(keyFile(dir, 'short'))).toThrow(/at least 32 random bytes/);
    expect(() => readSecretsKeyFile(keyFile(dir, randomBytes(32).toString('hex'), 0o644))).toThrow(
      /can be read by other users; allow only Patchbay's user \(chmod 600/,
    );
    expect(() => readSecretsKeyFile(join(dir, 'missing.key'))).toThrow(KeyFileError);
    expect(() => readSecretsKeyFile(join(dir, 'missing.key'))).toThrow(/cannot read the secrets key file/);
  });
});

describe('patchbay on a server with no keychain', () => {
  // No D-Bus session: the keychain cannot be reached, as on a headless server.
  const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', PATCHBAY_KEYRING_READY: '' };

  it('refuses to save without the key file, and saves sealed with it when the administrator sets it', async () => {
    const dir = scratch();
    const workspace = join(dir, 'workspace');
    const core = openCore({ workspaceDir: workspace, secrets: new InMemorySecretStore(), logger: quiet });
    expect((await core.invoke('apps.create', { name: 'Stripe' })).ok).toBe(true);
    core.close();

    const refused = await runPatchbay(['secrets', 'set', 'Stripe', '--workspace', workspace], {
      stdin: canary,
      env: noKeychain,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot reach the system keychain');
    expect(refused.stderr).toContain('PATCHBAY_SECRETS_KEY_FILE');
    expect(refused.stderr).not.toContain(canary);

    const env = { ...noKeychain, PATCHBAY_SECRETS_KEY_FILE: keyFile(dir) };
    const saved = await runPatchbay(['secrets', 'set', 'Stripe', '--workspace', workspace], {
      stdin: canary,
      env,
    });
    expect(saved.code, saved.stderr).toBe(0);
    const files = readdirSync(join(workspace, 'secrets'));
    expect(files).toHaveLength(1);
    expect(readFileSync(join(workspace, 'secrets', files[0]!), 'utf8')).not.toContain(canary);
    const forgotten = await runPatchbay(['secrets', 'delete', 'Stripe', '--workspace', workspace], { env });
    expect(forgotten.stdout).toContain('Forgot the credential for Stripe.');
    expect(readdirSync(join(workspace, 'secrets'))).toEqual([]);
  }, 90_000);
});
