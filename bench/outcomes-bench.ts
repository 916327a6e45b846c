// `npm run bench:outcomes`: what "Find a record" costs (issue 14). A flow of N records
// (100,000) runs R times (30) against a real workspace database: each run reads every
// record, the first creates them all, later ones update 1% and find the rest
// unchanged. "before" commits pages as Patchbay did without per-record outcomes;
// "after" also keeps one outcome per record per run (record_keys + record_outcome_spans,
// migrations 0015 and 0016). Prints and writes bench/results/outcomes.json: database size,
// time per run, a search by email, and pruning half the history.
//
//   node bench/outcomes-bench.ts [--records 100000] [--runs 30] [--page 100]
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RecordOutcome, RecordLink } from '../core/engine/run-store.ts';
import { pruneHistory } from '../core/storage/history-pruner.ts';
import { openDatabase } from '../core/storage/open-database.ts';
import { SqliteRecordOutcomes } from '../core/storage/record-outcome-repository.ts';
import { SqliteRunStore } from '../core/storage/sqlite-run-store.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    page: { type: 'string', default: '100' },
    out: { type: 'string', default: join(root, 'bench', 'results', 'outcomes.json') },
  },
});
const records = Number(args.records.replaceAll('_', ''));
const runs = Number(args.runs);
const pageSize = Number(args.page);
if (![records, runs, pageSize].every((n) => Number.isInteger(n) && n > 0))
  throw new Error('--records, --runs and --page take whole numbers above 0.');

type Mode = 'before' | 'after';

interface ModeFigures {
  databaseMb: number;
  outcomeRows: number;
  totalRunMs: number;
  /** CPU time of the page commits: steadier than the clock on a machine other work shares. */
  totalRunCpuMs: number;
  medianRunMs: number;
  firstRunMs: number;
  findMedianMs: number | null;
  pruneHalfMs: number;
}

const flowId = 'bench-flow';
const hash = (i: number, run: number) => `h${i}-${changedIn(i, run) ? run : 0}`;
// From the second run on, 1% of the records changed at the source since the last run.
const changedIn = (i: number, run: number) => run > 1 && i % 100 === run % 100;

function measure(mode: Mode): ModeFigures {
  const dir = mkdtempSync(join(tmpdir(), `patchbay-outcomes-${mode}-`));
  try {
    const file = join(dir, 'patchbay.db');
    const { db } = openDatabase(file);
    db.exec(`
      INSERT INTO apps (id, name, category, criticality, created_at, updated_at) VALUES ('a', 'CRM', 'crm', 'low', 'x', 'x');
      INSERT INTO flows (id, name, source_app_id, source_entity, target_app_id, target_entity, created_at, updated_at)
        VALUES ('${flowId}', 'Bench', 'a', 'contacts', 'a', 'customers', 'x', 'x');`);
    const store = new SqliteRunStore(db);
    const runMs: number[] = [];
    const start = Date.parse('2026-01-01T00:00:00Z');
    const cpuBefore = process.cpuUsage();
    for (let run = 1; run <= runs; run++) {
      const at = new Date(start + run * 3_600_000).toISOString();
      const began = performance.now();
      const runId = store.startRun(flowId, 'schedule', at);
      for (let first = 0; first < records; first += pageSize) {
        const links: RecordLink[] = [];
        const outcomes: RecordOutcome[] = [];
        const synced: string[] = [];
        let created = 0;
        let updated = 0;
        for (let i = first; i < Math.min(records, first + pageSize); i++) {
          const sourceId = String(i);
          const written = run === 1 || changedIn(i, run);
          if (written) links.push({ sourceId, targetId: `cus_${i}`, contentHash: hash(i, run) });
          synced.push(sourceId);
          const outcome = run === 1 ? 'created' : written ? 'updated' : 'unchanged';
          if (outcome === 'created') created++;
          else if (outcome === 'updated') updated++;
          if (mode === 'after')
            outcomes.push({ sourceId, key: `contact${i}@example.com`, targetId: `cus_${i}`, outcome });
        }
        const read = synced.length;
        store.commitPage(runId, flowId, {
          links,
          outcomes,
          failures: [],
          synced,
          counts: { read, created, updated, unchanged: read - created - updated, failed: 0 },
          checkpoint: { cursor: at },
          at,
        });
      }
      store.finishRun(runId, 'succeeded', at, undefined);
      runMs.push(performance.now() - began);
    }
    const cpu = process.cpuUsage(cpuBefore);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const databaseMb = statSync(file).size / 1048576;
    const outcomeRows = (db.prepare('SELECT COUNT(*) AS n FROM record_outcome_spans').get() as { n: number })
      .n;

    let findMedianMs: number | null = null;
    if (mode === 'after') {
      const trails = new SqliteRecordOutcomes(db);
      const times: number[] = [];
      for (let k = 0; k < 21; k++) {
        const i = Math.floor((records / 21) * k);
        const began = performance.now();
        const found = trails.find(`contact${i}@example.com`, 20);
        times.push(performance.now() - began);
        if (found[0]?.runs.length !== runs)
          throw new Error(`Search for record ${i} found ${found[0]?.runs.length} runs`);
      }
      findMedianMs = median(times);
    }

    const cutoff = new Date(start + (runs / 2 + 0.5) * 3_600_000).toISOString();
    const began = performance.now();
    pruneHistory(db, cutoff);
    const pruneHalfMs = performance.now() - began;
    db.close();
    const sorted = [...runMs];
    return {
      databaseMb: round(databaseMb),
      outcomeRows,
      totalRunMs: Math.round(runMs.reduce((a, b) => a + b, 0)),
      totalRunCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      medianRunMs: Math.round(median(sorted)),
      firstRunMs: Math.round(runMs[0]!),
      findMedianMs: findMedianMs === null ? null : round(findMedianMs, 2),
      pruneHalfMs: Math.round(pruneHalfMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

console.log(`Outcome store: ${records.toLocaleString('en')} records × ${runs} runs, pages of ${pageSize}…`);
const before = measure('before');
const after = measure('after');
const report = {
  date: new Date().toISOString(),
  node: process.version,
  records,
  runs,
  pageSize,
  before,
  after,
  growth: {
    databaseMb: round(after.databaseMb - before.databaseMb),
    bytesPerRecordPerRun: Math.round(((after.databaseMb - before.databaseMb) * 1048576) / (records * runs)),
    runTime: round(after.totalRunMs / before.totalRunMs, 2),
    cpuTime: round(after.totalRunCpuMs / before.totalRunCpuMs, 2),
  },
};
const rows: [string, string, string][] = [
  ['Database size', `${before.databaseMb} MB`, `${after.databaseMb} MB`],
  ['Outcome rows kept (spans of record ids)', '0', after.outcomeRows.toLocaleString('en')],
  [`All ${runs} runs' page commits`, `${before.totalRunMs} ms`, `${after.totalRunMs} ms`],
  [`… their CPU time`, `${before.totalRunCpuMs} ms`, `${after.totalRunCpuMs} ms`],
  ['First run (creates every record)', `${before.firstRunMs} ms`, `${after.firstRunMs} ms`],
  ['Median run', `${before.medianRunMs} ms`, `${after.medianRunMs} ms`],
  ['Find a record by email (median)', '–', `${after.findMedianMs} ms`],
  ['Prune half the history', `${before.pruneHalfMs} ms`, `${after.pruneHalfMs} ms`],
];
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${''.padEnd(width)}  ${'before'.padStart(12)}  ${'after'.padStart(12)}`);
for (const [what, b, a] of rows) console.log(`${what.padEnd(width)}  ${b.padStart(12)}  ${a.padStart(12)}`);
console.log(
  `Growth: ${report.growth.databaseMb} MB (${report.growth.bytesPerRecordPerRun} bytes per record per run); ` +
    `page commits take ${report.growth.runTime}× as long (${report.growth.cpuTime}× the CPU time).`,
);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`Written to ${args.out}`);
