import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  notebookManifest,
  notebookToken,
  startNotebookApi,
  type NotebookApi,
} from '../../testing/notebook-api.ts';
import { runPatchbay } from '../../testing/patchbay-cli.ts';
import { makeTempDir } from '../../testing/temp-workspace.ts';

// A connector Patchbay has no preset for, written from an API's documentation, installed
// with `patchbay connector add`, and synced between two servers speaking that API: once,
// with a bad record queued, fixed at the source and retried; then carried by an exported
// workspace to a fresh one, where the same flow runs.

const keychainService = `PatchbayTest-${randomUUID()}`;
let addressBook: NotebookApi;
let mailingList: NotebookApi;
let files: string;
const cleanups: (() => void)[] = [];

const patchbay = (workspace: string, args: string[], stdin = '') =>
  runPatchbay([...args, '--workspace', workspace], {
    stdin,
    env: { PATCHBAY_KEYCHAIN_SERVICE: keychainService },
  });

beforeAll(async () => {
  addressBook = await startNotebookApi();
  mailingList = await startNotebookApi();
  for (let i = 1; i <= 1000; i++)
    addressBook.put({ id: `p${i}`, email: `Person${i}@Example.org`, name: `Person ${i}` });
  addressBook.put({ id: 'p1001', email: 'not-an-address', name: 'Broken' });
  const temp = makeTempDir();
  files = temp.dir;
  cleanups.push(temp.dispose);
});
afterAll(async () => {
  await Promise.all([addressBook.close(), mailingList.close()]);
  cleanups.forEach((dispose) => dispose());
});

const workspaceFile = () => ({
  format: 'patchbay.workspace',
  version: 2,
  apps: [
    {
      name: 'Address book',
      connector: {
        kind: 'rest',
        connector: 'notebook',
        config: { baseUrl: addressBook.url, requestsPerSecond: '100000' },
      },
    },
    {
      name: 'Mailing list',
      connector: {
        kind: 'rest',
        connector: 'notebook',
        config: { baseUrl: mailingList.url, requestsPerSecond: '100000' },
      },
    },
  ],
  flows: [
    {
      name: 'People to the mailing list',
      source: { app: 'Address book', entity: 'people' },
      target: { app: 'Mailing list', entity: 'people' },
      matchKey: 'email',
      mapping: [
        { source: 'email', target: 'email', required: true, transforms: [{ type: 'case', to: 'lower' }] },
        { source: 'name', target: 'name' },
      ],
    },
  ],
});

const writes = (api: NotebookApi) =>
  api.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH').length;
const emails = (api: NotebookApi) => [...api.people.values()].map((p) => p.email);

describe('a custom connector, installed from its manifest', () => {
  it(
    'checks, installs, syncs exactly once, retries a fixed record, and travels with an exported workspace',
    { timeout: 180_000 },
    async () => {
      const workspace = makeTempDir();
      cleanups.push(workspace.dispose);
      const manifestFile = join(files, 'notebook.json');
      writeFileSync(manifestFile, JSON.stringify(notebookManifest()));

      const check = await patchbay(workspace.dir, ['connector', 'check', manifestFile]);
      expect(check.code, check.stderr).toBe(0);
      expect(check.stdout).toContain('Notebook (notebook), version 1.0.0');
      expect(check.stdout).toContain('not installed yet');

      const add = await patchbay(workspace.dir, ['connector', 'add', manifestFile]);
      expect(add.code, add.stderr).toBe(0);
      expect(add.stdout).toContain('Installed Notebook (notebook) version 1.0.0.');
      expect(add.stdout).toContain('only to: https://api.notebook.example');
      const list = await patchbay(workspace.dir, ['connector', 'list']);
      expect(list.stdout).toMatch(/notebook\s+Notebook\s+installed\s+1\.0\.0\s+people/);

      const office = join(files, 'office.json');
      writeFileSync(office, JSON.stringify(workspaceFile()));
      expect((await patchbay(workspace.dir, ['workspace', 'import', office])).code).toBe(0);
      for (const app of ['Address book', 'Mailing list'])
        expect((await patchbay(workspace.dir, ['secrets', 'set', app], `${notebookToken}\n`)).code).toBe(0);

      // 1,000 written once; the person the mailing list refuses waits in the failure queue.
      const first = await patchbay(workspace.dir, ['flow', 'run', 'People to the mailing list']);
      expect(first.code, first.stderr).toBe(2);
      expect(mailingList.people.size).toBe(1000);
      expect(new Set(emails(mailingList)).size).toBe(1000);
      const failures = await patchbay(workspace.dir, ['failures', 'list', '--json']);
      const queued = (JSON.parse(failures.stdout) as { items: { sourceRecordId: string; message: string }[] })
        .items;
      expect(queued.map((f) => f.sourceRecordId)).toEqual(['p1001']);
      expect(queued[0]!.message).toContain('is not an email address');

      // Fixed at the source, retried: read again by id and written.
      addressBook.put({ id: 'p1001', email: 'fixed@example.org', name: 'Fixed' });
      const retry = await patchbay(workspace.dir, ['failures', 'retry', '--all']);
      expect(retry.code, retry.stderr).toBe(0);
      expect(emails(mailingList)).toContain('fixed@example.org');
      expect(mailingList.people.size).toBe(1001);

      // Nothing changed since: a second run writes nothing.
      const before = writes(mailingList);
      const second = await patchbay(workspace.dir, ['flow', 'run', 'People to the mailing list']);
      expect(second.code, second.stderr).toBe(0);
      expect(writes(mailingList)).toBe(before);

      // Removing it while apps use it is refused, naming them.
      const remove = await patchbay(workspace.dir, ['connector', 'remove', 'notebook']);
      expect(remove.code).toBe(1);
      expect(remove.stderr).toContain('used by Address book, Mailing list');

      // The exported workspace carries the connector to a fresh one, where the flow runs.
      const exported = join(files, 'exported.json');
      expect((await patchbay(workspace.dir, ['workspace', 'export', '--out', exported])).code).toBe(0);
      const carried = JSON.parse(readFileSync(exported, 'utf8')) as { manifests: { id: string }[] };
      expect(carried.manifests.map((m) => m.id)).toContain('notebook');
      const colleague = makeTempDir();
      cleanups.push(colleague.dispose);
      const imported = await patchbay(colleague.dir, ['workspace', 'import', exported]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain(
        'Installed the connector notebook (version 1.0.0) from the file; it sends requests only to https://api.notebook.example.',
      );
      for (const app of ['Address book', 'Mailing list'])
        expect((await patchbay(colleague.dir, ['secrets', 'set', app], `${notebookToken}\n`)).code).toBe(0);
      const there = await patchbay(colleague.dir, ['flow', 'run', 'People to the mailing list']);
      expect(there.code, there.stderr).toBe(0);
      // Found by match key there: no one twice.
      expect(mailingList.people.size).toBe(1001);
    },
  );
});
