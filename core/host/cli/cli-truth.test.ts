import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchElectronOnce } from '../../../scripts/electron-binary.ts';
import { runPatchbay } from '../../testing/patchbay-cli.ts';
import { startSyncHarness, type SyncHarness } from '../../testing/sync-harness.ts';
import { makeTempDir } from '../../testing/temp-workspace.ts';

const root = new URL('../../..', import.meta.url).pathname;
let harness: SyncHarness | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
  cleanups.splice(0).forEach((fn) => fn());
});

function tempDir(): string {
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  return dir;
}

// Issue 14, item 12.
describe('the command line', () => {
  it('answers --help with its usage and exit 0 for every command and subcommand', async () => {
    const lines = [
      ['--help'],
      ['help'],
      ['serve', '--help'],
      ['scheduler', '--help'],
      ['workspace', '--help'],
      ['workspace', 'create', '--help'],
      ['workspace', 'import', '--help'],
      ['workspace', 'export', '-h'],
      ['secrets', 'set', '--help'],
      ['secrets', 'delete', '--help'],
      ['flow', 'help'],
      ['flow', 'list', '--help'],
      ['flow', 'run', '--help'],
      ['flow', 'run', 'Some flow', '--dry-run', '--help'],
      ['flow', 'cursor', '--help'],
      ['failures', 'list', '--help'],
      ['failures', 'retry', '--help'],
      ['failures', 'resolve', '--help'],
      ['failures', 'ignore', '--help'],
      ['connector', '--help'],
      ['connector', 'list', '--help'],
      ['connector', 'add', '--help'],
    ];
    // Help opens no workspace: none of these may make the default one.
    const home = tempDir();
    // Two at a time: each is a Node process start.
    for (let i = 0; i < lines.length; i += 2) {
      const batch = lines.slice(i, i + 2);
      const answers = await Promise.all(
        batch.map((args) => runPatchbay(args, { env: { PATCHBAY_HOME: home } })),
      );
      answers.forEach((done, j) => {
        const args = batch[j]!;
        expect({ args, code: done.code, stderr: done.stderr }).toEqual({ args, code: 0, stderr: '' });
        expect(done.stdout, args.join(' ')).toMatch(/^Usage/);
      });
    }
    expect(existsSync(join(home, 'workspaces'))).toBe(false);
  }, 120_000);

  it('exits 64 for a command line that makes no sense (2 means some records failed)', async () => {
    const home = tempDir();
    const lines = [['sink'], ['flow', 'run', 'X', '--bogus'], ['flow', 'launch'], ['serve', '--port', 'x']];
    // Independent process starts, so side by side rather than one after another.
    const answers = await Promise.all(
      lines.map((args) => runPatchbay(args, { env: { PATCHBAY_HOME: home } })),
    );
    answers.forEach((done, i) => {
      const args = lines[i]!;
      expect({ args, code: done.code }).toEqual({ args, code: 64 });
      expect(done.stderr).not.toMatch(/^\s+at /m);
    });
  });

  it('refuses a --workspace folder that does not exist instead of making an empty workspace there', async () => {
    const parent = tempDir();
    const typo = join(parent, 'acme-typo');
    const other = join(parent, 'other');
    // Two folders that do not touch: their starts go side by side, two rounds instead of five starts in a row.
    const [refused, made] = await Promise.all([
      runPatchbay(['flow', 'list', '--workspace', typo]),
      runPatchbay(['workspace', 'create', '--workspace', other]),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`There is no workspace at ${typo}: the folder does not exist.`);
    expect(refused.stderr).toContain('add --create');
    expect(existsSync(typo)).toBe(false);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`is ready at ${other}`);

    const [created, listed] = await Promise.all([
      runPatchbay(['flow', 'list', '--workspace', typo, '--create']),
      runPatchbay(['flow', 'list', '--workspace', other]),
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(existsSync(join(typo, 'patchbay.db'))).toBe(true);
    expect(listed.code, listed.stderr).toBe(0);
  });

  it('says in one sentence that the keychain cannot be reached, with no stack trace, and what to do after a failed run', async () => {
    harness = await startSyncHarness();
    const h = harness;
    h.hubspot.store.seedContacts(2);
    h.core.close();
    const done = await runPatchbay(['flow', 'run', h.flow.name, '--workspace', h.dir], {
      env: {
        PATCHBAY_KEYCHAIN_SERVICE: h.secretService!,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      },
    });
    expect(done.code).toBe(1);
    const printed = done.stdout + done.stderr;
    expect(printed).toContain(
      'Patchbay cannot reach the system keychain, so it cannot save or read credentials',
    );
    expect(printed).not.toContain('Something went wrong inside Patchbay');
    expect(printed).not.toMatch(/^\s+at /m);
    expect(done.stderr).toContain(
      `run it again: patchbay flow run "${h.flow.name}" carries on from the last saved page`,
    );
  });

  it('lists each failure with what to do about it, in the table and in --json', async () => {
    harness = await startSyncHarness();
    const h = harness;
    h.hubspot.store.upsert({ email: 'jo.bloggs(at)example.com', firstname: 'Jo' });
    expect((await h.call('flows.run', { id: h.flow.id })).counts.failed).toBe(1);
    const [failure] = (await h.call('failures.list', {})).items;
    h.core.close();
    const env = { PATCHBAY_KEYCHAIN_SERVICE: h.secretService! };
    const table = await runPatchbay(['failures', 'list', '--workspace', h.dir], { env });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('What to do');
    expect(table.stdout).toContain(failure!.explanation.action);
    const json = await runPatchbay(['failures', 'list', '--json', '--workspace', h.dir], { env });
    const page = JSON.parse(json.stdout) as { items: { action: string }[] };
    expect(page.items[0]!.action).toBe(failure!.explanation.action);
  });
});

describe('npm start', () => {
  it('runs the private keyring without the bus daemon’s raw start-up lines', () => {
    const done = spawnSync(
      'bash',
      [join(root, 'scripts/with-keyring.sh'), process.execPath, '-e', 'console.error("mine")'],
      {
        env: { ...process.env, PATCHBAY_KEYRING_READY: '' },
        encoding: 'utf8',
      },
    );
    expect(done.status).toBe(0);
    expect(done.stderr).toContain('mine');
    expect(done.stderr).not.toContain('dbus-daemon');
  });

  it('tries to fetch the Electron runtime once, not at every start', () => {
    const noteDir = mkdtempSync(join(tmpdir(), 'patchbay-electron-'));
    cleanups.push(() => rmSync(noteDir, { recursive: true, force: true }));
    const said: string[] = [];
    let tries = 0;
    const options = { say: (line: string) => said.push(line), install: () => (tries++, false), noteDir };
    expect(fetchElectronOnce(root, options)).toBeUndefined();
    expect(fetchElectronOnce(root, options)).toBeUndefined();
    expect(tries).toBe(1);
    expect(said[0]).toContain('tried once');
    expect(said[1]).toContain('could not be fetched on');
    expect(said.join('\n')).not.toContain('first start only');
  });
});
