import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-workspace.ts';

const root = new URL('../../..', import.meta.url).pathname;
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

/** Runs the real `patchbay connector …` in a fresh workspace. */
function connector(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  const child = spawn(process.execPath, ['bin/patchbay.js', 'connector', ...args, '--workspace', dir], {
    cwd: root,
    env: { ...process.env, PATCHBAY_KEYCHAIN_SERVICE: `PatchbayTest-${randomUUID()}` },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

it('connector show says, for each entity, whether a create whose answer was lost can be sent again safely', async () => {
  const stripe = await connector(['show', 'stripe']);
  expect(stripe.code, stripe.stderr).toBe(0);
  expect(stripe.stdout).toContain('Stripe (stripe)');
  expect(stripe.stdout).toMatch(/customers\s+Customers\s+safe\s+.*looked up by its match key/);

  const hubspot = await connector(['show', 'hubspot']);
  expect(hubspot.stdout).toMatch(/contacts\s+Contacts\s+safe\s+.*by match key \(upsert\)/);

  const unknown = await connector(['show', 'sage-accounting']);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(
    /There is no connector "sage-accounting"; Patchbay has hubspot, stripe(, [a-z-]+)*\./,
  );
});
