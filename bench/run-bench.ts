// `npm run bench`: syncs N HubSpot contacts to Stripe customers with Patchbay, with a
// minimal hand-written script and with the bare `node:http` ceiling, each in its own
// process against the same emulators, and prints records/s, wall time and peak RSS side
// by side with Patchbay's ratios to the other two. See bench/README.md.
//
// Then the second job, --orders N (10,000) Shopify orders to Xero invoices, the same three
// ways; then a CSV export of --csv-rows rows (100,000) into PostgreSQL: Patchbay against
// the server's COPY and a hand-written script (csv-postgres-bench.ts).
//
//   node bench/run-bench.ts [--sizes 10000,100000] [--runs 3] [--out file.json] [--profile] [--no-warm-up]
//                           [--orders 10000] [--no-orders] [--csv-rows 100000] [--no-csv]
//   (or BENCH_SIZES=10000,100000 BENCH_RUNS=3)
import { writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RunningEmulator } from '../core/demo/emulators/emulator-server.ts';
import { startHubSpotEmulator } from '../core/demo/emulators/hubspot-emulator.ts';
import { startShopifyEmulator } from '../core/demo/emulators/shopify-emulator.ts';
import { shopifyClients } from '../core/testing/orders-to-invoices.ts';
import { hubspotToken } from '../core/testing/sync-harness.ts';
import { contactsToStripe, ordersToXero } from './job-pairs.ts';
import { benchCsvToPostgres, formatCsvTable } from './csv-postgres-bench.ts';
import { describeMachine, figures, formatTable, writeReport, type SizeFigures } from './report.ts';
import { buildPatchbayJob, builtHeapSnapshots } from './built-patchbay-job.ts';
import { jobs, measureJob, unthrottled, type JobName, type JobPair, type Measured } from './run-job.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '10000,100000' },
    out: { type: 'string', default: join(benchDir, 'results', 'latest.json') },
    runs: { type: 'string', default: process.env.BENCH_RUNS ?? '3' },
    profile: { type: 'boolean', default: false },
    // V8 heap snapshots of each job every 10 s (BENCH_HEAP_SNAPSHOT_EVERY_S) in
    // bench/results/heap; summarise one with heap-retainers.ts. Not for timing.
    'heap-snapshots': { type: 'boolean', default: false },
    'no-warm-up': { type: 'boolean', default: false },
    orders: { type: 'string', default: process.env.BENCH_ORDERS ?? '10000' },
    'no-orders': { type: 'boolean', default: false },
    'csv-rows': { type: 'string', default: process.env.BENCH_CSV_ROWS ?? '100000' },
    'no-csv': { type: 'boolean', default: false },
    // Some jobs only (ceiling,patchbay): a quicker comparison while working on Patchbay.
    jobs: { type: 'string', default: Object.keys(jobs).join(',') },
  },
});

const sizes = args.sizes.split(',').map((s) => Number(s.replaceAll('_', '').trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  throw new Error(
    `--sizes takes whole numbers separated by commas, for example 10000,100000 (got "${args.sizes}").`,
  );
}
const chosen = args.jobs.split(',').map((s) => s.trim());
const unknownJob = chosen.find((name) => !(name in jobs));
if (unknownJob)
  throw new Error(`--jobs takes names from ${Object.keys(jobs).join(', ')} (got "${unknownJob}").`);
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number (got "${args.runs}").`);
// --profile writes a V8 CPU profile of each job (open it in Chrome DevTools or VS Code).
const profileDir = join(benchDir, 'results', 'profiles');
const heapDir = join(benchDir, 'results', 'heap');
if (args['heap-snapshots']) process.env.BENCH_HEAP_SNAPSHOT_DIR ??= heapDir;
const nodeArgs = (name: JobName, size: number, run: number) => [
  ...(args.profile
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${size}-${run}.cpuprofile`]
    : []),
  ...(args['heap-snapshots'] ? [`--import=${builtHeapSnapshots}`] : []),
];

/** A source emulator seeded with `size` records, and the job that syncs them. */
type Seeded = () => Promise<JobPair<RunningEmulator>>;

const contactsJob =
  (size: number): Seeded =>
  async () => {
    const hubspot = await startHubSpotEmulator({ tokens: [hubspotToken], rateLimit: unthrottled });
    hubspot.store.seedContacts(size);
    return contactsToStripe(hubspot);
  };

const ordersJob =
  (size: number): Seeded =>
  async () => {
    const shopify = await startShopifyEmulator({ clients: shopifyClients, rateLimit: unthrottled });
    shopify.store.seed('orders', size);
    return ordersToXero(shopify);
  };

/** Seeds a fresh source with `size` records and runs every job against it, `runs` times. */
async function measureSize(
  size: number,
  runs: number,
  seeded: Seeded = contactsJob(size),
): Promise<Record<JobName, Measured[]>> {
  const pair = await seeded();
  try {
    const measured: Record<JobName, Measured[]> = { ceiling: [], handwritten: [], patchbay: [] };
    const names = (Object.keys(jobs) as JobName[]).filter((name) => chosen.includes(name));
    for (let run = 1; run <= runs; run++) {
      // Alternate the order, so no job always follows the same other one on a busier machine.
      for (const name of run % 2 === 1 ? names : names.toReversed()) {
        process.stderr.write(`  ${jobs[name].label}, ${size.toLocaleString('en')} records, run ${run}…\n`);
        measured[name].push(await measureJob(name, size, pair, nodeArgs(name, size, run)));
      }
    }
    return measured;
  } finally {
    await pair.source.close();
  }
}

if (chosen.includes('patchbay') || args['heap-snapshots']) {
  process.stderr.write('Building the Patchbay job as the app builds its core…\n');
  await buildPatchbayJob();
}
// The emulators share this process: a short unmeasured round first lets V8 optimise
// their code, so whichever job runs first is not charged for the warm-up.
if (!args['no-warm-up']) {
  process.stderr.write('Warming up the emulators…\n');
  await measureSize(1000, 1);
  if (!args['no-orders']) await measureSize(1000, 1, ordersJob(1000));
}
const results: SizeFigures[] = [];
for (const size of sizes) {
  process.stderr.write(`Measuring ${size.toLocaleString('en')} records:\n`);
  results.push(figures(size, await measureSize(size, runs)));
}
// The second job (issue 12): a shop's orders become invoices in accounting.
const orders: SizeFigures[] = [];
if (!args['no-orders']) {
  const size = Number(args.orders.replaceAll('_', ''));
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`--orders takes a whole number (got "${args.orders}").`);
  process.stderr.write(`Measuring ${size.toLocaleString('en')} Shopify orders → Xero invoices:\n`);
  orders.push(figures(size, await measureSize(size, runs, ordersJob(size))));
}
const report = describeMachine(runs, results, orders);
writeReport(args.out, report);
console.log(formatTable(report));
console.log(`\nSaved to ${relative(process.cwd(), args.out) || args.out}`);
if (args.profile) console.log(`CPU profiles in ${relative(process.cwd(), profileDir)}`);
if (args['heap-snapshots'])
  console.log(`Heap snapshots in ${relative(process.cwd(), process.env.BENCH_HEAP_SNAPSHOT_DIR!)}`);

if (!args['no-csv']) {
  const csvRows = Number(args['csv-rows'].replaceAll('_', ''));
  process.stderr.write(`Measuring CSV → PostgreSQL, ${csvRows.toLocaleString('en')} rows:\n`);
  const csv = await benchCsvToPostgres(csvRows, runs);
  const csvOut = join(dirname(args.out), 'csv-postgres.json');
  writeFileSync(csvOut, `${JSON.stringify({ date: new Date().toISOString(), runs, ...csv }, null, 2)}\n`);
  console.log(`\n${formatCsvTable(csv)}\n\nSaved to ${relative(process.cwd(), csvOut) || csvOut}`);
}
