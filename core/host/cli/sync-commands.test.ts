import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Failure } from '../../contract/flows.ts';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../demo/emulators/hubspot-emulator.ts';
import { startStripeEmulator, type StripeEmulator } from '../../demo/emulators/stripe-emulator.ts';
import { KeytarSecretStore } from '../../secrets/keytar-secret-store.ts';
import { contactsToCustomers, hubspotToken, stripeKey } from '../../testing/sync-harness.ts';
import { runPatchbay, type Finished } from '../../testing/patchbay-cli.ts';
import { makeTempDir } from '../../testing/temp-workspace.ts';

const keychainService = `PatchbayTest-${randomUUID()}`;
/** The harness's standard flow; the file names its apps by name. */
const standard = contactsToCustomers('HubSpot', 'Stripe');
const flowName = standard.name;

/** Every output of every command, to check no secret was ever printed. */
const printed: string[] = [];

/** Runs the real `patchbay` command, keeping what it printed. */
async function patchbay(args: string[], stdin = ''): Promise<Finished> {
  const finished = await runPatchbay(args, { stdin, env: { PATCHBAY_KEYCHAIN_SERVICE: keychainService } });
  printed.push(finished.stdout, finished.stderr);
  return finished;
}

/** A workspace file for the standard flow (as in core/testing/sync-harness.ts), apps pointing at the emulators. */
function workspaceDocument(hubspotUrl: string, stripeUrl: string) {
  const fast = { requestsPerSecond: '100000' };
  return {
    format: 'patchbay.workspace',
    version: 1,
    apps: [
      {
        name: 'HubSpot',
        category: 'crm',
        entities: [{ name: 'Contacts', systemOfRecord: true }],
        connector: { preset: 'hubspot', config: { baseUrl: hubspotUrl, ...fast } },
      },
      {
        name: 'Stripe',
        category: 'billing',
        entities: [{ name: 'Customers' }],
        connector: { preset: 'stripe', config: { baseUrl: stripeUrl, ...fast } },
      },
    ],
    flows: [
      {
        name: standard.name,
        source: { app: 'HubSpot', entity: standard.sourceEntity },
        target: { app: 'Stripe', entity: standard.targetEntity },
        matchKey: standard.matchKey,
        mapping: standard.mapping,
      },
    ],
  };
}

let hubspot: HubSpotEmulator;
let stripe: StripeEmulator;
let dir: string;
let workspace: string[];
const cleanups: (() => void | Promise<void>)[] = [];

beforeEach(async () => {
  hubspot = await startHubSpotEmulator({
    tokens: [hubspotToken],
    rateLimit: { requests: 100_000, perMs: 10_000 },
  });
  stripe = await startStripeEmulator({ keys: [stripeKey], rateLimit: { requests: 100_000, perMs: 1000 } });
  const temp = makeTempDir();
  dir = temp.dir;
  workspace = ['--workspace', dir];
  cleanups.push(
    () => hubspot.close(),
    () => stripe.close(),
    temp.dispose,
  );
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(async () => {
  const secrets = new KeytarSecretStore(keychainService);
  for (const account of await secrets.list()) await secrets.delete(account);
});

async function importStandardWorkspace(): Promise<void> {
  const file = join(dir, 'workspace.json');
  writeFileSync(file, JSON.stringify(workspaceDocument(hubspot.url, stripe.url), null, 2));
  const imported = await patchbay(['workspace', 'import', file, ...workspace]);
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
  expect(imported.stdout).toContain('2 apps created, 0 updated; 1 flow created, 0 updated');
  expect(imported.stdout).toContain('patchbay secrets set APP');
}

async function openFailures(): Promise<Failure[]> {
  const listed = await patchbay(['failures', 'list', '--json', ...workspace]);
  expect(listed.code).toBe(0);
  return (JSON.parse(listed.stdout) as { items: Failure[] }).items;
}

describe('the sync commands against the HubSpot and Stripe emulators', () => {
  it('imports, stores credentials, runs, queues a bad record, retries it after a fix, and counts a reset', async () => {
    hubspot.store.seedContacts(3);
    await importStandardWorkspace();

    // One credential by app name, one by app id; both trimmed of the newline a pipe adds.
    expect((await patchbay(['secrets', 'set', 'HubSpot', ...workspace], `${hubspotToken}\n`)).code).toBe(0);
    const db = new Database(join(dir, 'patchbay.db'), { readonly: true });
    const stripeId = db.prepare<[], { id: string }>("SELECT id FROM apps WHERE name = 'Stripe'").get()!.id;
    db.close();
    const saved = await patchbay(['secrets', 'set', stripeId, ...workspace], `${stripeKey}\r\n`);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('Saved the credential for Stripe');

    const list = await patchbay(['flow', 'list', ...workspace]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Name\s+Source → target\s+Schedule/);
    expect(list.stdout).toContain(`${flowName}  HubSpot contacts → Stripe customers  manual`);

    const dryRun = await patchbay(['flow', 'run', flowName, '--dry-run', ...workspace]);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('3 read; would create 3, update 0');
    expect(dryRun.stdout).toContain('contact1@example.com');
    expect(stripe.store.ordered).toHaveLength(0);

    const run = await patchbay(['flow', 'run', flowName, ...workspace]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('page 1: 3 read, 3 created');
    expect(run.stdout).toMatch(/run \d+ succeeded/);
    expect(stripe.store.ordered.map((c) => c.email).sort()).toEqual([
      'contact1@example.com',
      'contact2@example.com',
      'contact3@example.com',
    ]);
    // The credentials worked, so they reached the keychain intact (newline trimmed).
    expect(stripe.store.withEmail('contact2@example.com')[0]).toMatchObject({ name: 'First2 Last2' });

    // Stripe refuses an email without @ and domain (emailPattern); the run is partial.
    const bad = hubspot.store.upsert({ email: 'not-an-email', firstname: 'Bad', lastname: 'Email' }).contact;
    const partial = await patchbay(['flow', 'run', flowName, ...workspace]);
    expect(partial.code).toBe(2);
    expect(partial.stdout).toMatch(/run \d+ partial \(.*, 0 created, 0 updated, .*, 1 failed\)/);
    const [failure, ...others] = await openFailures();
    expect(others).toEqual([]);
    expect(failure).toMatchObject({
      sourceRecordId: bad.id,
      errorClass: 'validation',
      state: 'needs-attention',
    });
    expect(failure!.message).toContain('not-an-email');
    const table = await patchbay(['failures', 'list', '--flow', flowName, ...workspace]);
    expect(table.stdout).toMatch(
      new RegExp(`^${failure!.id}\\s+${flowName}\\s+${bad.id}\\s+needs-attention`, 'm'),
    );

    hubspot.store.upsert({ email: 'fixed@example.com' }, bad.id);
    const retried = await patchbay(['failures', 'retry', '--all', ...workspace]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('Retried 1 failure.');
    expect(stripe.store.withEmail('fixed@example.com')[0]?.metadata).toEqual({ hubspot_id: bad.id });
    expect(await openFailures()).toEqual([]);

    // A failure can also be closed with a note, which is required.
    hubspot.store.upsert({ email: 'also@bad', firstname: 'Also' });
    expect((await patchbay(['flow', 'run', flowName, ...workspace])).code).toBe(2);
    const [second] = await openFailures();
    const noNote = await patchbay(['failures', 'ignore', String(second!.id), ...workspace]);
    expect(noNote.code).toBe(64);
    expect(noNote.stderr).toContain('Add --note TEXT');
    const ignored = await patchbay([
      'failures',
      'ignore',
      String(second!.id),
      '--note',
      'Test contact',
      ...workspace,
    ]);
    expect(ignored.code).toBe(0);
    expect(ignored.stdout).toContain('Marked 1 failure ignored.');
    expect(await openFailures()).toEqual([]);

    const before = await patchbay(['flow', 'cursor', flowName, ...workspace]);
    expect(before.stdout).toContain(`${flowName} reads changes since`);
    const reset = await patchbay(['flow', 'cursor', flowName, '--reset', '--dry-run', ...workspace]);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('would re-read 5 records');
    expect(reset.stdout).toContain('Nothing was changed (dry run).');
    expect((await patchbay(['flow', 'cursor', flowName, ...workspace])).stdout).toBe(before.stdout);

    const exported = await patchbay([
      'workspace',
      'export',
      '--out',
      join(dir, 'exported.json'),
      ...workspace,
    ]);
    expect(exported.stdout).toContain('2 apps, 1 flow. It holds no credentials.');
    for (const secret of [hubspotToken, stripeKey]) {
      for (const output of printed) expect(output).not.toContain(secret);
      for (const file of readdirSync(dir))
        expect(readFileSync(join(dir, file)).includes(secret), `${secret} found in ${file}`).toBe(false);
    }
  }, 120_000);

  it('says which app needs its credential when a run cannot sign in', async () => {
    hubspot.store.seedContacts(1);
    await importStandardWorkspace();
    const empty = await patchbay(['secrets', 'set', 'HubSpot', ...workspace], '\n');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('The credential is empty, so nothing was saved.');

    const dry = await patchbay(['flow', 'run', flowName, '--dry-run', ...workspace]);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain('No credential is saved for HubSpot yet');
    expect(dry.stderr).not.toContain('inside Patchbay');

    const run = await patchbay(['flow', 'run', flowName, ...workspace]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('No credential is saved for HubSpot yet');
    expect(run.stderr).toContain('patchbay secrets set "HubSpot"');
    expect(stripe.store.ordered).toHaveLength(0);

    // The refusal pauses the flow until the credential is saved.
    expect((await patchbay(['flow', 'list', ...workspace])).stdout).toContain(
      'No credential is saved for HubSpot yet',
    );
    const paused = await patchbay(['flow', 'run', flowName, ...workspace]);
    expect(paused.code).toBe(1);
    expect(paused.stderr).toContain('patchbay secrets set "HubSpot"');
    expect((await patchbay(['secrets', 'set', 'HubSpot', ...workspace], hubspotToken)).code).toBe(0);
    expect((await patchbay(['flow', 'list', ...workspace])).stdout).not.toContain('refused');
  }, 60_000);

  it('exports and imports the workspace as YAML', async () => {
    await importStandardWorkspace();
    const file = join(dir, 'handover.yaml');
    const exported = await patchbay(['workspace', 'export', '--out', file, ...workspace]);
    expect(exported.code, exported.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('format: patchbay.workspace');
    expect(text).toContain(`name: ${flowName}`);

    const { dir: other, dispose } = makeTempDir();
    cleanups.push(async () => dispose());
    const imported = await patchbay(['workspace', 'import', file, '--workspace', other]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('2 apps created, 0 updated; 1 flow created, 0 updated');
    const listed = await patchbay(['flow', 'list', '--workspace', other]);
    expect(listed.stdout).toContain(flowName);

    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'format: patchbay.workspace\napps: [unclosed\n');
    const refused = await patchbay(['workspace', 'import', broken, ...workspace]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${broken} is not valid YAML`);
  }, 60_000);

  it('refuses a malformed workspace file, naming the problem, and imports nothing', async () => {
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ "format": "patchbay.workspace", ');
    const broken = await patchbay(['workspace', 'import', notJson, ...workspace]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`${notJson} is not valid JSON`);

    // The apps are fine; the flow's write mode is not: all or nothing.
    const document = workspaceDocument(hubspot.url, stripe.url);
    const wrongField = join(dir, 'wrong-field.json');
    writeFileSync(
      wrongField,
      JSON.stringify({ ...document, flows: [{ ...document.flows[0], writeMode: 'sometimes' }] }),
    );
    const refused = await patchbay(['workspace', 'import', wrongField, ...workspace]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('flows.0.writeMode');
    expect(refused.stderr).toContain('Nothing was imported.');

    const exported = await patchbay(['workspace', 'export', ...workspace]);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ format: 'patchbay.workspace', apps: [], flows: [] });
  }, 60_000);

  it('explains an unknown flow (exit 1) and a wrong command line (exit 64, with usage)', async () => {
    const unknown = await patchbay(['flow', 'run', 'No such flow', ...workspace]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no flow called "No such flow".');

    for (const args of [
      ['flow'],
      ['flow', 'run'],
      ['flow', 'list', '--bogus'],
      ['flow', 'cursor', flowName, '--reset', '--rewind', '2026-01-01'],
      ['failures', 'retry'],
      ['failures', 'resolve', 'twelve', '--note', 'x'],
      ['workspace', 'export', '--format', 'xml'],
      ['secrets', 'set'],
      ['nonsense'],
    ]) {
      const result = await patchbay([...args, ...workspace]);
      // 64, a usage error (EX_USAGE); 2 means some records failed.
      expect(result.code, args.join(' ')).toBe(64);
      expect(result.stderr, args.join(' ')).toContain('Usage:');
    }
  }, 60_000);
});
