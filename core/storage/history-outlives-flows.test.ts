import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-workspace.ts';
import { pruneHistory } from './history-pruner.ts';
import { migrations } from './migrations/index.ts';
import { openDatabase } from './open-database.ts';
import { SqliteRunStore } from './sqlite-run-store.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

function tempFile(): string {
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  return join(dir, 'patchbay.db');
}

const at = '2026-01-01T00:00:00.000Z';

// Issue 14, items 7 and 8, on a workspace saved before version 11.
it('upgrades a version-10 workspace: runs and failures outlive their flow, new triggers are accepted, numbers only grow', () => {
  const file = tempFile();
  const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= 10) }).db;
  old.exec(`
    INSERT INTO apps (id, name, category, criticality, created_at, updated_at) VALUES ('a', 'HubSpot', 'crm', 'high', 'x', 'x');
    INSERT INTO flows (id, name, source_app_id, source_entity, target_app_id, target_entity, schedule, created_at, updated_at)
      VALUES ('f', 'Contacts to customers', 'a', 'contacts', 'a', 'customers', '*/1 * * * * *', 'x', 'x'),
             ('g', 'Weekday mornings', 'a', 'contacts', 'a', 'customers', '0 0 8 * * 1-5', 'x', 'x');
    INSERT INTO runs (id, flow_id, trigger, status, started_at) VALUES (7, 'f', 'manual', 'partial', '${at}');
    INSERT INTO run_events (run_id, at, level, kind, message) VALUES (7, '${at}', 'info', 'page', 'Page 1');
    INSERT INTO failures (flow_id, run_id, source_record_id, payload, error_class, message, state, created_at, updated_at)
      VALUES ('f', 7, 'c1', '{}', 'validation', 'Bad email', 'needs-attention', '${at}', '${at}');
  `);
  old.close();

  const { db, backupFile } = openDatabase(file);
  cleanups.unshift(() => db.close());
  expect(backupFile).toBeDefined();
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  const parents = (table: string) =>
    (db.pragma(`foreign_key_list(${table})`) as { table: string }[]).map((fk) => fk.table);
  expect(parents('runs')).toEqual([]);
  expect(parents('failures')).toEqual(['runs']);
  expect(parents('record_links')).toEqual(['flows']);

  // Schedules with seconds (once accepted) lose that field: a flow runs at most once a minute.
  expect(db.prepare('SELECT schedule FROM flows ORDER BY id').all()).toEqual([
    { schedule: '* * * * *' },
    { schedule: '0 8 * * 1-5' },
  ]);
  db.prepare("DELETE FROM flows WHERE id = 'f'").run();
  expect(db.prepare('SELECT id, trigger FROM runs').all()).toEqual([{ id: 7, trigger: 'manual' }]);
  expect(db.prepare('SELECT COUNT(*) AS n FROM run_events').get()).toEqual({ n: 1 });
  expect(db.prepare('SELECT run_id AS runId FROM failures').all()).toEqual([{ runId: 7 }]);

  const store = new SqliteRunStore(db);
  const next = store.startRun('g', 'cli', at);
  expect(next).toBe(8);
  // Pruning every run leaves the counter: the next number is still new.
  store.finishRun(next, 'succeeded', at, undefined);
  db.prepare('DELETE FROM failures').run();
  expect(pruneHistory(db, '2027-01-01T00:00:00.000Z').runs).toBe(2);
  expect(store.startRun('g', 'first-start', at)).toBe(9);
  expect(() => store.startRun('g', 'whoever' as never, at)).toThrow(/CHECK constraint/);
});
