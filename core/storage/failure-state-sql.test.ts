import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { failureStates } from '../failures/failure-states.ts';
import { makeTempDir } from '../testing/temp-workspace.ts';
import { closedSql, unresolvedSql } from './failure-state-sql.ts';
import { migrations } from './migrations/index.ts';
import { openDatabase } from './open-database.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const addFailure = `INSERT INTO failures
  (flow_id, source_record_id, payload, error_class, message, state, created_at, updated_at)
  VALUES ('f', ?, '{}', 'validation', 'm', ?, 'x', 'x')`;

function databaseFile(): string {
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  return join(dir, 'patchbay.db');
}

it('names every failure state once, unresolved or closed', () => {
  const named = `${unresolvedSql} ${closedSql}`.match(/'[^']+'/g)?.map((s) => s.slice(1, -1));
  expect(named?.toSorted()).toEqual([...failureStates].toSorted());
});

it("finds a record's unresolved failure through the partial index, as migration 9 spells it", () => {
  const { db } = openDatabase(databaseFile());
  cleanups.unshift(() => db.close());
  const plan = db
    .prepare<[], { detail: string }>(
      `EXPLAIN QUERY PLAN SELECT id FROM failures WHERE flow_id = 'f' AND source_record_id = 'r' AND ${unresolvedSql}`,
    )
    .all();
  expect(plan.map((row) => row.detail)).toEqual([
    'SEARCH failures USING INDEX failures_one_unresolved (flow_id=? AND source_record_id=?)',
  ]);
});

it('migration 9 keeps every failure, and still one unresolved failure per record', () => {
  const file = databaseFile();
  const before = openDatabase(file, { migrations: migrations.filter((m) => m.version < 9) }).db;
  before.pragma('foreign_keys = OFF'); // the failures alone, without apps and flows
  const add = before.prepare(addFailure);
  for (const [record, state] of [
    ['1', 'open'],
    ['2', 'needs-attention'],
    ['1', 'resolved'],
    ['1', 'ignored'],
  ])
    add.run(record, state);
  before.close();

  const { db, schemaVersion } = openDatabase(file);
  cleanups.unshift(() => db.close());
  db.pragma('foreign_keys = OFF');
  expect(schemaVersion).toBeGreaterThanOrEqual(9);
  expect(db.prepare('SELECT source_record_id, state FROM failures ORDER BY id').all()).toEqual([
    { source_record_id: '1', state: 'open' },
    { source_record_id: '2', state: 'needs-attention' },
    { source_record_id: '1', state: 'resolved' },
    { source_record_id: '1', state: 'ignored' },
  ]);
  const addAgain = db.prepare(addFailure);
  expect(() => addAgain.run('2', 'open')).toThrow(/UNIQUE/);
  expect(() => addAgain.run('2', 'resolved')).not.toThrow();
});
