import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { clientFor } from '../core-client.ts';
import { openCore } from '../open-core.ts';
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import { runPatchbay } from '../../testing/patchbay-cli.ts';
import { makeTempDir } from '../../testing/temp-workspace.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A workspace with two apps, a flow between them and one failed record, made through the API. */
async function workspaceWithAFailure() {
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  const core = openCore({ workspaceDir: dir, secrets: new InMemorySecretStore() });
  const { call } = clientFor(core);
  const crm = await call('apps.create', { name: 'Office CRM', category: 'crm', entities: [] });
  const books = await call('apps.create', { name: 'Books', category: 'accounting', entities: [] });
  const flow = await call('flows.create', {
    name: 'Clients to books',
    sourceAppId: crm.id,
    sourceEntity: 'Clients',
    targetAppId: books.id,
    targetEntity: 'Customers',
    matchKey: 'email',
    mapping: [{ target: 'email', source: 'email' }],
    enabled: false,
  });
  await call('settings.update', { retentionDays: 60 });
  core.close();
  // The failure a run would have left (the run itself needs apps Patchbay can reach).
  const db = new Database(join(dir, 'patchbay.db'));
  const at = new Date().toISOString();
  const id = db
    .prepare(
      `INSERT INTO failures (flow_id, source_record_id, payload, error_class, message, state, created_at, updated_at)
       VALUES (?, 'r1', '{}', 'validation', 'Books rejected it.', 'needs-attention', ?, ?)`,
    )
    .run(flow.id, at, at).lastInsertRowid;
  db.close();
  return { dir, failureId: Number(id) };
}

// Six runs of the real command, each a Node start: far past the default on a loaded machine.
it(
  '"patchbay audit" lists who changed what, filters by kind, and writes CSV; "failures assign" hands failures to a person',
  { timeout: 120_000 },
  async () => {
    const { dir, failureId } = await workspaceWithAFailure();
    const workspace = ['--workspace', dir];

    const assigned = await runPatchbay([
      'failures',
      'assign',
      String(failureId),
      '--to',
      'Priya Shah',
      ...workspace,
    ]);
    expect(assigned).toMatchObject({ code: 0, stdout: 'Assigned 1 failure to Priya Shah.\n' });
    const listed = await runPatchbay(['failures', 'list', ...workspace]);
    expect(listed.stdout).toMatch(
      new RegExp(`^${failureId}\\s+Clients to books\\s+r1\\s+needs-attention\\s+1\\s+Priya Shah`, 'm'),
    );
    const unclear = await runPatchbay(['failures', 'assign', String(failureId), ...workspace]);
    expect(unclear.code).not.toBe(0);
    expect(unclear.stderr).toContain('Say who: --to NAME, or --nobody');

    const log = await runPatchbay(['audit', ...workspace]);
    expect(log.code).toBe(0);
    const lines = log.stdout.split('\n');
    expect(lines[0]).toMatch(/^When \(UTC\)\s+Who\s+What\s+About\s+Details/);
    expect(lines[1]).toMatch(/A person\s+Assigned failed records\s+failures \d+\s+assignee: Priya Shah/);
    expect(log.stdout).toMatch(/Changed settings\s+retentionDays: 90 → 60/);
    expect(log.stdout).toMatch(/Added a flow\s+Clients to books/);

    const setup = await runPatchbay(['audit', '--kind', 'config', '--csv', ...workspace]);
    const rows = parse(setup.stdout) as string[][];
    expect(rows[0]).toEqual(['When (UTC)', 'Who', 'What', 'About', 'Details', 'Action']);
    expect(rows.slice(1).map((r) => r[5])).toEqual([
      'settings.update',
      'flow.create',
      'app.create',
      'app.create',
    ]);

    const refused = await runPatchbay(['audit', '--kind', 'gossip', ...workspace]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Choose a kind of entry');
  },
);
