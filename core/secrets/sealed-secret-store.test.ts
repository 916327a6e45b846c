import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-workspace.ts';
import { KnownSecrets } from './known-secrets.ts';
import { hasKeyring, testKeychain } from '../testing/oauth-test-kit.ts';
import { DamagedSecretError, SealedSecretStore } from './sealed-secret-store.ts';

// The real OS keychain (under a throw-away service) and a real workspace folder.
const keychain = testKeychain();
const account = 'acme/3f1c0b2e-hubspot';
const sealKeyAccount = 'acme/.seal-key';
// A 4 KB OAuth bundle: more than Windows Credential Manager holds in one entry.
const bigToken = JSON.stringify({
  type: 'oauth2',
  accessToken: `eyJ${randomBytes(1400).toString('base64url')}`,
  refreshToken: `rt-canary-${randomBytes(900).toString('hex')}`,
  scope: 'contacts.read',
  tokenType: 'Bearer',
}).padEnd(4096, ' ');

const workspaces: Array<() => void> = [];
afterEach(async () => {
  for (const name of await keychain.list()) await keychain.delete(name);
  for (const dispose of workspaces.splice(0)) dispose();
});

function sealedStore(known?: KnownSecrets) {
  const { dir, dispose } = makeTempDir();
  workspaces.push(dispose);
  const store = new SealedSecretStore({ inner: keychain, workspaceDir: dir, ...(known ? { known } : {}) });
  const sealedFiles = () => (existsSync(join(dir, 'sealed')) ? readdirSync(join(dir, 'sealed')) : []);
  return { store, dir, sealedFiles, sealedFile: () => join(dir, 'sealed', sealedFiles()[0]!) };
}

describe.skipIf(!hasKeyring)('SealedSecretStore on the real keychain', () => {
  it('round-trips a 4 KB token through a sealed file, the keychain holding only a marker and the key', async () => {
    const { store, sealedFiles, sealedFile } = sealedStore();
    expect(Buffer.byteLength(bigToken)).toBe(4096);
    await store.set(account, bigToken);

    expect(await store.get(account)).toBe(bigToken);
    expect(await store.list()).toEqual([account]);
    const entry = (await keychain.get(account))!;
    expect(entry.length).toBeLessThan(200);
    expect(entry).not.toContain('eyJ');
    expect(await keychain.list()).toEqual([account, sealKeyAccount].sort());
    expect(sealedFiles()).toHaveLength(1);
    const onDisk = readFileSync(sealedFile());
    expect(onDisk.includes('rt-canary')).toBe(false);
    expect(onDisk.includes(JSON.parse(bigToken).accessToken as string)).toBe(false);
    expect(Buffer.from(onDisk.toString('utf8'), 'base64').includes('rt-canary')).toBe(false);
  });

  it('keeps small values plain in the keychain and writes no file', async () => {
    const { store, sealedFiles } = sealedStore();
    await store.set(account, 'pat-na1-small-canary-1111');
    expect(await keychain.get(account)).toBe('pat-na1-small-canary-1111');
    expect(await store.get(account)).toBe('pat-na1-small-canary-1111');
    expect(await keychain.list()).toEqual([account]);
    expect(sealedFiles()).toEqual([]);
  });

  it('removes the sealed copy and the key when a large value is replaced by a small one', async () => {
    const { store, sealedFiles } = sealedStore();
    await store.set(account, bigToken);
    await store.set(account, 'pat-na1-small-canary-2222');
    expect(await store.get(account)).toBe('pat-na1-small-canary-2222');
    expect(sealedFiles()).toEqual([]);
    expect(await keychain.list()).toEqual([account]);
  });

  it('refuses a tampered sealed file in plain words, never returning its bytes', async () => {
    const { store, sealedFile } = sealedStore();
    await store.set(account, bigToken);
    const file = sealedFile();
    const bytes = Buffer.from(readFileSync(file, 'utf8'), 'base64');
    bytes[bytes.length - 10]! ^= 0x01;
    writeFileSync(file, bytes.toString('base64'));

    const error = await store.get(account).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DamagedSecretError);
    expect((error as Error).message).toBe(`The saved credential for ${account} is damaged; set it again.`);
  });

  it('refuses a sealed file moved onto another account', async () => {
    const { store, dir, sealedFiles } = sealedStore();
    await store.set(account, bigToken);
    await store.set('acme/other-app', `${bigToken}x`);
    const [first, second] = sealedFiles();
    writeFileSync(join(dir, 'sealed', first!), readFileSync(join(dir, 'sealed', second!)));
    const [stillGood, moved] = await Promise.allSettled([store.get(account), store.get('acme/other-app')]);
    expect([stillGood, moved].filter((r) => r.status === 'rejected')).toHaveLength(1);
    const rejected = [stillGood, moved].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(DamagedSecretError);
  });

  it('refuses a missing sealed file, and a missing seal key, in plain words', async () => {
    const { store, sealedFile } = sealedStore();
    await store.set(account, bigToken);
    await keychain.delete(sealKeyAccount);
    await expect(store.get(account)).rejects.toThrow('is damaged; set it again');

    await store.set(account, bigToken);
    rmSync(sealedFile());
    await expect(store.get(account)).rejects.toThrow(DamagedSecretError);
  });

  it('deletes the keychain entry, the sealed file and the unused seal key', async () => {
    const { store, sealedFiles } = sealedStore();
    await store.set(account, bigToken);
    await store.set('acme/second', bigToken);
    expect(await store.delete(account)).toBe(true);
    // The key stays while another sealed value needs it.
    expect(await keychain.list()).toEqual(['acme/.seal-key', 'acme/second']);
    expect(await store.get('acme/second')).toBe(bigToken);
    expect(await store.delete('acme/second')).toBe(true);

    expect(sealedFiles()).toEqual([]);
    expect(await keychain.list()).toEqual([]);
    expect(await store.get(account)).toBeUndefined();
    expect(await store.delete(account)).toBe(false);
  });

  it('seals concurrent large values under one key', async () => {
    const { store } = sealedStore();
    const values = ['a', 'b', 'c', 'd'].map((suffix) => `${bigToken}${suffix}`);
    await Promise.all(values.map((value, i) => store.set(`acme/app-${i}`, value)));
    expect(await Promise.all(values.map((_, i) => store.get(`acme/app-${i}`)))).toEqual(values);
  });

  it('tells the known secrets every value it reads or saves', async () => {
    const known = new KnownSecrets();
    const { store } = sealedStore(known);
    await store.set(account, bigToken);
    await keychain.set('acme/typed-elsewhere', 'sk_test_read_back_3333');
    await store.get('acme/typed-elsewhere');
    const accessToken = JSON.parse(bigToken).accessToken as string;
    expect(known.mask(`Bearer ${accessToken} and sk_test_read_back_3333`)).toBe(
      'Bearer [redacted] and [redacted]',
    );
  });
});
