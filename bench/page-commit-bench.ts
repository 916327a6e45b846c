// The run store alone, as a first sync drives it: per page of 100 records, the reads
// before writing, the note before the creates, and the page's commit (links, "Find a
// record" keys and outcome spans, run counts, cursor, the page's line in the timeline).
// No HTTP and no engine, so it says what SQLite costs a page. `--statements` times each
// prepared statement too; the rest of a commit's time is the commit itself (the WAL).
// `--no-checkpoints` leaves the write-ahead log to grow, so its size counts the frames
// the pages wrote (the workspace checkpoints every 1,000 frames, as SQLite does).
//
//   node bench/page-commit-bench.ts [--pages 1000] [--statements] [--no-checkpoints]
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { PageCommit } from '../core/engine/run-store.ts';
import { openDatabase } from '../core/storage/open-database.ts';
import { SqliteRunStore } from '../core/storage/sqlite-run-store.ts';
import { makeTempDir } from '../core/testing/temp-workspace.ts';

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '1000' },
    statements: { type: 'boolean', default: false },
    'no-checkpoints': { type: 'boolean', default: false },
  },
});
const pages = Number(args.pages);
const temp = makeTempDir('patchbay-page-commit-');
const file = join(temp.dir, 'patchbay.db');
const { db } = openDatabase(file);
if (args['no-checkpoints']) db.pragma('wal_autocheckpoint = 0');
db.exec(`
  INSERT INTO apps (id, name, category, criticality, created_at, updated_at) VALUES ('a', 'CRM', 'crm', 'low', 'x', 'x');
  INSERT INTO flows (id, name, source_app_id, source_entity, target_app_id, target_entity, created_at, updated_at)
  VALUES ('f', 'Contacts to customers', 'a', 'Contacts', 'a', 'Customers', 'x', 'x');`);

const byStatement = new Map<string, number>();
if (args.statements) {
  const prepare = db.prepare.bind(db);
  // Each statement's run/get/all timed, keyed by the start of its SQL.
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, 60);
    for (const method of ['run', 'get', 'all'] as const) {
      const call = statement[method].bind(statement) as (...params: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        const start = performance.now();
        try {
          return call(...params);
        } finally {
          byStatement.set(key, (byStatement.get(key) ?? 0) + performance.now() - start);
        }
      };
    }
    return statement;
  }) as typeof db.prepare;
}
const store = new SqliteRunStore(db);
const runId = store.startRun('f', 'manual', new Date().toISOString());

const spent = { reads: 0, notes: 0, commits: 0 };
const timed = (part: keyof typeof spent, work: () => void) => {
  const start = performance.now();
  work();
  spent[part] += performance.now() - start;
};
const cpuBefore = process.cpuUsage();
for (let page = 0; page < pages; page++) {
  // HubSpot's ids and emails as the bench's emulator hands them out: in order.
  const ids = Array.from({ length: 100 }, (_, i) => String(page * 100 + i + 1));
  timed('reads', () => {
    store.readLinks('f', ids);
    store.readCreateAttempts('f', ids);
    store.readWaitingFailures('f', ids);
    store.readDeletedAtSource('f', ids);
  });
  timed('notes', () => store.noteCreateAttempts('f', ids));
  const at = new Date().toISOString();
  const commit: PageCommit = {
    links: ids.map((id) => ({
      sourceId: id,
      targetId: `cus_${id}`,
      contentHash: createHash('sha256').update(id).digest('hex'),
    })),
    outcomes: ids.map((id) => ({
      sourceId: id,
      outcome: 'created',
      key: `contact${id}@example.com`,
      targetId: `cus_${id}`,
    })),
    failures: [],
    synced: ids,
    counts: { read: 100, created: 100, updated: 0, unchanged: 0, failed: 0 },
    checkpoint: { cursor: at, page: { after: String(page) } },
    at,
    events: [{ at, level: 'info', kind: 'page', message: `Page ${page + 1}: 100 created` }],
  };
  timed('commits', () => store.commitPage(runId, 'f', commit));
}
const cpu = process.cpuUsage(cpuBefore);
const frames = args['no-checkpoints'] ? statSync(`${file}-wal`).size / (4096 + 24) : undefined;
db.close();
temp.dispose();

const ms = (value: number) => `${value.toFixed(0)} ms`;
console.log(
  `${pages.toLocaleString('en')} pages of 100: reads ${ms(spent.reads)}, notes ${ms(spent.notes)}, ` +
    `commits ${ms(spent.commits)} (${(spent.commits / pages).toFixed(2)} ms a page); ` +
    `CPU ${ms((cpu.user + cpu.system) / 1000)}` +
    (frames === undefined ? '' : `; ${(frames / pages).toFixed(1)} WAL frames a page`),
);
for (const [sql, total] of [...byStatement].sort((a, b) => b[1] - a[1]))
  console.log(`${ms(total).padStart(8)}  ${sql}`);
