import { parse } from 'csv-parse/sync';
import { afterEach, expect, it } from 'vitest';
import { clientFor } from '../host/core-client.ts';
import { openCore } from '../host/open-core.ts';
import { InMemorySecretStore } from '../testing/in-memory-secret-store.ts';
import { makeTempDir } from '../testing/temp-workspace.ts';

const day = 86_400_000;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A workspace on a clock the test moves, opened by the desktop app (which owns pruning). */
function workspace() {
  const { dir, dispose } = makeTempDir();
  const secrets = new InMemorySecretStore();
  let now = Date.parse('2026-06-01T09:00:00Z');
  const open = () => {
    const core = openCore({
      owner: 'desktop',
      workspaceDir: dir,
      secrets,
      clock: { now: () => new Date(now) },
      logger: { info: () => {}, error: () => {} },
    });
    cleanups.unshift(() => core.close());
    return { core, call: clientFor(core).call };
  };
  cleanups.push(dispose);
  return { open, later: (days: number) => (now += days * day) };
}

it('answers who changed what and when, filtered by kind, text and dates; never a secret', async () => {
  const w = workspace();
  const { core, call } = w.open();
  const crm = await call('apps.create', { name: 'Office CRM', category: 'crm', entities: [] });
  w.later(1);
  await call('secrets.set', { appId: crm.id, value: 'sk_test_do-not-show-4242424242' });
  w.later(1);
  await call('apps.update', {
    id: crm.id,
    app: { name: 'Office CRM 50%_off', category: 'crm', entities: [] },
  });
  await call('settings.update', { retentionDays: 30 });

  const all = await call('audit.list', {});
  expect(all.total).toBe(4);
  expect(all.items.map((e) => [e.summary, e.subject, e.kind])).toEqual([
    ['Changed settings', null, 'config'],
    ['Changed an app', 'Office CRM 50%_off', 'config'],
    ['Saved a credential', 'Office CRM 50%_off', 'credentials'],
    ['Added an app', 'Office CRM 50%_off', 'config'],
  ]);
  expect(all.items[0]).toMatchObject({
    actor: 'A person',
    at: '2026-06-03T09:00:00.000Z',
    details: ['retentionDays: 90 → 30'],
  });
  expect(JSON.stringify(all)).not.toContain('do-not-show');

  expect((await call('audit.list', { kind: 'credentials' })).items.map((e) => e.action)).toEqual([
    'credential.set',
  ]);
  // Words find entries about what is called so now (the credential's entry names the app by id only),
  // and the search's own wildcards are plain text: "50%_" finds the name that holds it, and only that.
  expect((await call('audit.list', { text: 'crm 50%_' })).items.map((e) => e.action)).toEqual([
    'app.update',
    'credential.set',
    'app.create',
  ]);
  expect((await call('audit.list', { text: 'retentionDays' })).items.map((e) => e.action)).toEqual([
    'settings.update',
  ]);
  expect((await call('audit.list', { text: '5_%' })).total).toBe(0);
  const window = await call('audit.list', { since: '2026-06-02', until: '2026-06-03' });
  expect(window.items.map((e) => e.action)).toEqual(['credential.set']);
  const paged = await call('audit.list', { limit: 1, offset: 1 });
  expect(paged).toMatchObject({ total: 4, items: [{ action: 'app.update' }] });

  const refused = await core.invoke('audit.list', { since: '2026-06-03', until: '2026-06-01' });
  expect(refused).toMatchObject({
    ok: false,
    error: { field: 'until', message: expect.stringContaining('The start date is after the end date.') },
  });
  expect(await core.invoke('audit.list', { kind: 'gossip' })).toMatchObject({
    ok: false,
    error: { field: 'kind', message: expect.stringContaining('Choose a kind of entry') },
  });
});

it('exports the filtered log as CSV a spreadsheet opens safely', async () => {
  const w = workspace();
  const { call } = w.open();
  await call('apps.create', { name: '=HYPERLINK("http://evil.example")', category: 'crm', entities: [] });
  await call('settings.update', { notifications: false });

  const exported = await call('audit.export', { kind: 'config' });
  expect(exported).toMatchObject({ fileName: 'patchbay-audit-2026-06-01.csv', rows: 2 });
  const rows = parse(exported.csv) as string[][];
  expect(rows[0]).toEqual(['When (UTC)', 'Who', 'What', 'About', 'Details', 'Action']);
  expect(rows[2]).toEqual([
    '2026-06-01T09:00:00.000Z',
    'A person',
    'Added an app',
    // Escaped: a spreadsheet shows the text instead of running it.
    `'=HYPERLINK("http://evil.example")`,
    `name: =HYPERLINK("http://evil.example")`,
    'app.create',
  ]);
  expect((await call('audit.export', { kind: 'credentials' })).csv.trim().split('\n')).toHaveLength(1);
});

it('prunes audit entries older than the retention setting with the rest of the history', async () => {
  const w = workspace();
  const first = w.open();
  await first.call('settings.update', { retentionDays: 30 });
  w.later(20);
  await first.call('settings.update', { notifications: false });
  first.core.close();

  w.later(15); // the first entry is now 35 days old, the second 15
  const reopened = w.open();
  const left = await reopened.call('audit.list', {});
  expect(left.items.map((e) => e.at)).toEqual(['2026-06-21T09:00:00.000Z']);
});
