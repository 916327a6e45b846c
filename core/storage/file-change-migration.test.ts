import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-workspace.ts';
import { migrations } from './migrations/index.ts';
import { openDatabase } from './open-database.ts';

// Migration 14 widens the runs table's trigger CHECK (to take 'file-change' among
// others) by editing the table's text, not by rebuilding it: a rebuild with foreign keys
// on would delete every run's timeline (ON DELETE CASCADE) and unlink every failure from
// its run (ON DELETE SET NULL). It must do neither.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

it('keeps every run, its timeline and the failures that point at it, and takes file-change runs', () => {
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  const file = join(dir, 'patchbay.db');
  const before = openDatabase(file, { migrations: migrations.filter((m) => m.version < 14) }).db;
  before.pragma('foreign_keys = OFF'); // the runs alone, without apps and flows
  before.exec(`
    INSERT INTO runs (id, flow_id, trigger, status, started_at, read) VALUES (7, 'f', 'catch-up', 'partial', 'x', 42);
    INSERT INTO run_events (run_id, at, level, kind, message) VALUES (7, 'x', 'info', 'page', 'Page 1');
    INSERT INTO failures (flow_id, run_id, source_record_id, payload, error_class, message, state, created_at, updated_at)
      VALUES ('f', 7, 'r1', '{}', 'validation', 'm', 'open', 'x', 'x');
  `);
  expect(() =>
    before.exec(
      `INSERT INTO runs (flow_id, trigger, status, started_at) VALUES ('f', 'file-change', 'running', 'x')`,
    ),
  ).toThrow(/CHECK/);
  before.close();

  const { db, schemaVersion } = openDatabase(file);
  cleanups.unshift(() => db.close());
  expect(schemaVersion).toBeGreaterThanOrEqual(14);
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  expect(db.prepare('SELECT id, trigger, status, read FROM runs').all()).toEqual([
    { id: 7, trigger: 'catch-up', status: 'partial', read: 42 },
  ]);
  expect(db.prepare('SELECT run_id, message FROM run_events').all()).toEqual([
    { run_id: 7, message: 'Page 1' },
  ]);
  expect(db.prepare('SELECT run_id FROM failures').all()).toEqual([{ run_id: 7 }]);
  db.pragma('foreign_keys = OFF');
  expect(() =>
    db.exec(
      `INSERT INTO runs (flow_id, trigger, status, started_at) VALUES ('f', 'file-change', 'running', 'x')`,
    ),
  ).not.toThrow();
});
