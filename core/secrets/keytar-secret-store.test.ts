import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from './keytar-secret-store.ts';
import { KeychainUnavailableError } from './secret-store.ts';

// The real OS keychain: `npm test` runs vitest inside scripts/with-keyring.sh, which
// starts a private D-Bus session with an unlocked gnome-keyring on Linux.
const hasKeyring = process.platform !== 'linux' || process.env.PATCHBAY_KEYRING_READY === '1';
const service = `PatchbayTest-${randomUUID()}`;
const store = new KeytarSecretStore(service);

describe.skipIf(!hasKeyring)('KeytarSecretStore on the real keychain', () => {
  afterAll(async () => {
    for (const account of await store.list()) await store.delete(account);
  });

  it('sets, reads, lists and deletes secrets by account', async () => {
    await store.set('acme/hubspot', 'pat-na1-canary-1111');
    await store.set('acme/stripe', 'sk_test_canary_2222');
    expect(await store.get('acme/hubspot')).toBe('pat-na1-canary-1111');
    expect(await store.list()).toEqual(['acme/hubspot', 'acme/stripe']);
    await store.set('acme/hubspot', 'pat-na1-rotated-3333');
    expect(await store.get('acme/hubspot')).toBe('pat-na1-rotated-3333');
    expect(await store.delete('acme/hubspot')).toBe(true);
    expect(await store.delete('acme/hubspot')).toBe(false);
    expect(await store.get('acme/hubspot')).toBeUndefined();
    expect(await store.list()).toEqual(['acme/stripe']);
  });
});

describe('without a reachable keychain', () => {
  it('says so in plain words and what to install', () => {
    const script = `
      import { KeytarSecretStore } from './core/secrets/keytar-secret-store.ts';
      try { await new KeytarSecretStore('PatchbayNoBus').set('a/b', 'value'); console.log('stored'); }
      catch (e) { console.log(e.name + ': ' + e.message); }`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: {
        ...process.env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
        PATCHBAY_KEYRING_READY: '',
      },
      encoding: 'utf8',
    });
    if (process.platform !== 'linux') return;
    expect(result.stdout).toContain('KeychainUnavailableError: Patchbay cannot reach the system keychain');
    expect(result.stdout).toContain('gnome-keyring');
    expect(result.stdout).not.toMatch(/^stored/m);
    expect(new KeychainUnavailableError('x').message).toContain('Nothing was stored anywhere else.');
  });
});
