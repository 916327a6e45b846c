import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { RecordOutcome } from '../engine/run-store.ts';
import { makeTempDir } from '../testing/temp-workspace.ts';
import { pruneHistory } from './history-pruner.ts';
import { migrations } from './migrations/index.ts';
import { openDatabase, type Db } from './open-database.ts';
import { SqliteRecordOutcomes } from './record-outcome-repository.ts';
import { SqliteRunStore } from './sqlite-run-store.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

function open(only?: (version: number) => boolean): { db: Db; file: string } {
  const { dir, dispose } = makeTempDir();
  const file = join(dir, 'patchbay.db');
  const { db } = openDatabase(file, only ? { migrations: migrations.filter((m) => only(m.version)) } : {});
  cleanups.push(dispose);
  cleanups.unshift(() => db.open && db.close());
  db.exec(`
    INSERT INTO apps (id, name, category, criticality, created_at, updated_at) VALUES ('a', 'CRM', 'crm', 'low', 'x', 'x');
    INSERT INTO flows (id, name, source_app_id, source_entity, target_app_id, target_entity, created_at, updated_at)
      VALUES ('f', 'Contacts to customers', 'a', 'contacts', 'a', 'customers', 'x', 'x');`);
  return { db, file };
}

const at = (hour: number) => new Date(Date.UTC(2026, 0, 1, hour)).toISOString();
const outcome = (i: number, kind: RecordOutcome['outcome']): RecordOutcome => ({
  sourceId: `s${i}`,
  key: `c${i}@example.com`,
  targetId: `cus_${i}`,
  outcome: kind,
});
const trail = (store: SqliteRecordOutcomes, i: number) =>
  store.find(`c${i}@example.com`, 5)[0]?.runs.map((r) => [r.runId, r.outcome]);

// Issue 14: the outcome store is kept as spans of record ids (0016-outcome-spans.ts);
// "Find a record" must answer as it did with one row per record per run.
it('answers every run that read a record, however its pages fell: scattered, repeated and overlapping', () => {
  const { db } = open();
  const runs = new SqliteRunStore(db);
  const store = new SqliteRecordOutcomes(db);
  const add = (runId: number, page: RecordOutcome[]) => db.transaction(() => store.add(runId, 'f', page))();

  const first = runs.startRun('f', 'schedule', at(1));
  add(
    first,
    Array.from({ length: 300 }, (_, i) => outcome(i, 'created')),
  );
  const second = runs.startRun('f', 'schedule', at(2));
  // Incremental: a few records far apart, then one of them again with a later word, and
  // a page that bridges what the run already holds.
  add(second, [outcome(5, 'updated'), outcome(250, 'failed'), outcome(120, 'unchanged')]);
  add(second, [outcome(250, 'updated'), outcome(6, 'unchanged')]);
  add(
    second,
    Array.from({ length: 50 }, (_, i) => outcome(100 + i * 3, 'unchanged')),
  );

  expect(trail(store, 5)).toEqual([
    [second, 'updated'],
    [first, 'created'],
  ]);
  expect(trail(store, 250)).toEqual([
    [second, 'updated'],
    [first, 'created'],
  ]);
  expect(trail(store, 6)).toEqual([
    [second, 'unchanged'],
    [first, 'created'],
  ]);
  expect(trail(store, 103)).toEqual([
    [second, 'unchanged'],
    [first, 'created'],
  ]);
  // Between ids the second run read: it did not read this one.
  expect(trail(store, 7)).toEqual([[first, 'created']]);
  expect(trail(store, 104)).toEqual([[first, 'created']]);
  // A run's spans never overlap, whatever order its pages came in.
  const spans = db
    .prepare<[number], { firstId: number; length: number }>(
      'SELECT first_id AS firstId, length(outcomes) AS length FROM record_outcome_spans WHERE run_id = ? ORDER BY first_id',
    )
    .all(second);
  spans
    .slice(1)
    .forEach((span, i) => expect(span.firstId).toBeGreaterThanOrEqual(spans[i]!.firstId + spans[i]!.length));

  // Pruning the first run forgets the records only it read; the 54 the second run read stay.
  for (const id of [first, second]) runs.finishRun(id, 'succeeded', at(id), undefined);
  db.prepare('UPDATE runs SET finished_at = ? WHERE id = ?').run(at(0), first);
  pruneHistory(db, at(1));
  expect(trail(store, 5)).toEqual([[second, 'updated']]);
  expect(store.find('c7@example.com', 5)).toEqual([]);
  expect(db.prepare('SELECT COUNT(*) AS n FROM record_keys').get()).toEqual({ n: 54 });
});

it('upgrades a version-15 workspace: each kept outcome is found as before', () => {
  const { db, file } = open((v) => v <= 15);
  db.exec(`
    INSERT INTO runs (id, flow_id, trigger, status, started_at) VALUES (3, 'f', 'schedule', 'succeeded', '${at(1)}'),
                                                                       (4, 'f', 'ui', 'succeeded', '${at(2)}');
    INSERT INTO record_keys (id, flow_id, source_id, key, target_id) VALUES (1, 'f', 's1', 'maria@example.com', 'cus_1');
    INSERT INTO record_outcomes (record_id, run_id, outcome) VALUES (1, 3, 1), (1, 4, 3);`);
  db.close();
  const { db: upgraded, backupFile } = openDatabase(file);
  cleanups.unshift(() => upgraded.close());
  expect(backupFile).toBeDefined();
  expect(new SqliteRecordOutcomes(upgraded).find('maria@example.com', 5)[0]?.runs).toEqual([
    expect.objectContaining({ runId: 4, outcome: 'failed', trigger: 'ui' }),
    expect.objectContaining({ runId: 3, outcome: 'created', trigger: 'schedule' }),
  ]);
  expect(upgraded.prepare("SELECT name FROM sqlite_master WHERE name = 'record_outcomes'").all()).toEqual([]);
});
