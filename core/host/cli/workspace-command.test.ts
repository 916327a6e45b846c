import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPatchbay } from '../../testing/patchbay-cli.ts';
import { makeTempDir } from '../../testing/temp-workspace.ts';

const keychainService = `PatchbayTest-${randomUUID()}`;

const patchbay = (args: string[], stdin = '') =>
  runPatchbay([...args, '--workspace', workspace], {
    stdin,
    env: { PATCHBAY_KEYCHAIN_SERVICE: keychainService },
  });

const stripeFile = (baseUrl: string) => ({
  format: 'patchbay.workspace',
  version: 1,
  apps: [{ name: 'Stripe', category: 'billing', connector: { preset: 'stripe', config: { baseUrl } } }],
});

let workspace: string;
let files: string;
let cleanups: (() => void)[] = [];
beforeEach(() => {
  const w = makeTempDir();
  const f = makeTempDir();
  workspace = w.dir;
  files = f.dir;
  cleanups = [w.dispose, f.dispose];
});
afterEach(() => cleanups.forEach((dispose) => dispose()));

function writeFile(name: string, content: string | Buffer): string {
  const path = join(files, name);
  writeFileSync(path, content);
  return path;
}

async function exportedBaseUrl(): Promise<string> {
  const exported = await patchbay(['workspace', 'export']);
  return JSON.parse(exported.stdout).apps[0].connector.config.baseUrl;
}

describe('patchbay workspace import, given a stranger’s file', () => {
  it('imports a file saved with a UTF-8 byte-order mark (Windows Notepad)', async () => {
    const file = writeFile('office.json', `\uFEFF${JSON.stringify(stripeFile('https://api.stripe.com'))}`);
    const result = await patchbay(['workspace', 'import', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await exportedBaseUrl()).toBe('https://api.stripe.com');
  });

  it('refuses an endless file after reading the documented limit, not all of it', async () => {
    const result = await patchbay(['workspace', 'import', '/dev/zero']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('larger than a workspace file can be (5 MB). Nothing was imported.');
    const big = writeFile('big.json', Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
    expect((await patchbay(['workspace', 'import', big])).stderr).toContain('larger than a workspace file');
  });

  it('moves an app with a saved key to another host only with --allow-host-change', async () => {
    expect(
      (
        await patchbay([
          'workspace',
          'import',
          writeFile('a.json', JSON.stringify(stripeFile('https://api.stripe.com'))),
        ])
      ).code,
    ).toBe(0);
    expect((await patchbay(['secrets', 'set', 'Stripe'], 'sk_test_office_key\n')).code).toBe(0);
    const moved = writeFile('b.json', JSON.stringify(stripeFile('https://collector.example.net')));

    const refused = await patchbay(['workspace', 'import', moved]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'moves Stripe, which has a saved credential, from https://api.stripe.com to https://collector.example.net',
    );
    expect(refused.stderr).toContain('--allow-host-change');
    expect(await exportedBaseUrl()).toBe('https://api.stripe.com');

    const confirmed = await patchbay(['workspace', 'import', moved, '--allow-host-change']);
    expect(confirmed.code).toBe(0);
    expect(await exportedBaseUrl()).toBe('https://collector.example.net');
    await patchbay(['secrets', 'delete', 'Stripe']);
  });
});
