// CSV → PostgreSQL: a hand-exported customer list (semicolons, Windows-1252, decimal
// commas) into a PostgreSQL table, by Patchbay, by a hand-written script and by the
// server's own COPY (the physical floor), each in its own process against a fresh
// database on a throw-away server (scripts/test-databases.ts), and checked after.
// `npm run bench` runs it after the HTTP bench; alone: node bench/csv-postgres-bench.ts [--rows 100000] [--runs 1]
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { coreNodeFlags, coreProcessEnv } from '../core/host/core-process-flags.ts';
import { encodeText } from '../core/connectors/files/text-encoding.ts';
import { exportedCustomers, exportedTotal, kundenTable } from '../core/testing/exported-csv.ts';
import { startPostgres, stopServer, type TestDatabaseServer } from '../scripts/test-databases.ts';
import { csvJobVariable, type CsvJobInput, type CsvJobResult } from './csv-postgres-job.ts';

const jobFile = fileURLToPath(new URL('./csv-postgres-job.ts', import.meta.url));
const jobs = [
  ['copy', 'COPY (floor)'],
  ['handwritten', 'hand-written'],
  ['patchbay', 'Patchbay'],
] as const;
type Job = (typeof jobs)[number][0];

export interface CsvBenchFigures {
  rows: number;
  jobs: Record<
    Job,
    { wallMs: number; runsWallMs: number[]; cpuMs: number; recordsPerSecond: number; peakRssMb: number }
  >;
  ratio: { copy: number; handwritten: number };
}

export async function benchCsvToPostgres(rows: number, runs: number): Promise<CsvBenchFigures> {
  // Readable by the server's own user: COPY reads the file on the server side.
  const folder = mkdtempSync(join(tmpdir(), 'patchbay-bench-csv-'));
  chmodSync(folder, 0o755);
  const csvFile = join(folder, 'kunden.csv');
  writeFileSync(csvFile, encodeText(exportedCustomers(rows), 'windows-1252'), { mode: 0o644 });
  const server = await startPostgres();
  try {
    const measured: Record<Job, CsvJobResult[]> = { copy: [], handwritten: [], patchbay: [] };
    for (let run = 1; run <= runs; run++) {
      for (const [job, label] of run % 2 === 1 ? jobs : jobs.toReversed()) {
        process.stderr.write(
          `  CSV → PostgreSQL, ${label}, ${rows.toLocaleString('en')} rows, run ${run}…\n`,
        );
        const database = await freshDatabase(server, `${job}_${run}`);
        const input: CsvJobInput = { job, csvFile, rows, db: { ...connection(server), database } };
        measured[job].push(await runJob(input));
        await verify(server, database, rows, label);
      }
    }
    const median = (results: CsvJobResult[]) =>
      [...results].sort((a, b) => a.syncMs - b.syncMs)[Math.floor((results.length - 1) / 2)]!;
    const figures = Object.fromEntries(
      jobs.map(([job]) => {
        const m = median(measured[job]);
        return [
          job,
          {
            wallMs: Math.round(m.syncMs),
            runsWallMs: measured[job].map((r) => Math.round(r.syncMs)),
            cpuMs: Math.round(m.cpuMs),
            recordsPerSecond: Math.round(rows / (m.syncMs / 1000)),
            peakRssMb: Number((Math.max(...measured[job].map((r) => r.maxRssKb)) / 1024).toFixed(1)),
          },
        ];
      }),
    ) as CsvBenchFigures['jobs'];
    const ratio = (other: Job) => Number((figures.patchbay.wallMs / figures[other].wallMs).toFixed(2));
    return { rows, jobs: figures, ratio: { copy: ratio('copy'), handwritten: ratio('handwritten') } };
  } finally {
    await stopServer(server.folder);
    rmSync(folder, { recursive: true, force: true });
  }
}

export function formatCsvTable(f: CsvBenchFigures): string {
  const lines = [
    `CSV → PostgreSQL, ${f.rows.toLocaleString('en')} rows (wall s of the sync / the job's own CPU s / peak RSS MB):`,
  ];
  for (const [job, label] of jobs) {
    const j = f.jobs[job];
    lines.push(
      `  ${label.padEnd(14)} ${j.recordsPerSecond.toLocaleString('en').padStart(9)} rows/s  ${(j.wallMs / 1000).toFixed(2).padStart(7)} s  ${(j.cpuMs / 1000).toFixed(2).padStart(6)} s CPU  ${j.peakRssMb.toFixed(1).padStart(7)} MB`,
    );
  }
  lines.push(
    `  Patchbay ÷ COPY ${f.ratio.copy.toFixed(2)}×, Patchbay ÷ hand-written ${f.ratio.handwritten.toFixed(2)}×`,
  );
  return lines.join('\n');
}

const connection = (server: TestDatabaseServer) => ({
  host: server.host,
  port: server.port,
  user: server.user,
  password: server.password,
});

async function withClient<T>(
  server: TestDatabaseServer,
  database: string,
  work: (c: pg.Client) => Promise<T>,
) {
  const client = new pg.Client({ ...connection(server), database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase(server: TestDatabaseServer, name: string): Promise<string> {
  const database = `bench_${name}`;
  await withClient(server, 'postgres', (c) => c.query(`CREATE DATABASE ${database}`));
  await withClient(server, database, (c) => c.query(kundenTable));
  return database;
}

/** Every row once, the amounts summed right: a job that did less would report a speed it never reached. */
async function verify(
  server: TestDatabaseServer,
  database: string,
  rows: number,
  label: string,
): Promise<void> {
  const { rows: found } = await withClient(server, database, (c) =>
    c.query<{ n: string; total: string; days: string }>(
      'SELECT COUNT(*) AS n, SUM(betrag)::text AS total, COUNT(DISTINCT datum) AS days FROM kunden',
    ),
  );
  const [totals] = found;
  if (Number(totals?.n) !== rows || totals?.total !== exportedTotal(rows) || Number(totals.days) !== 28)
    throw new Error(`${label} left the table wrong: ${JSON.stringify(totals)}.`);
}

function runJob(input: CsvJobInput): Promise<CsvJobResult> {
  return new Promise((resolve, reject) => {
    // Patchbay's job runs as the app runs its core (core-process-flags.ts), as in run-job.ts.
    const patchbay = input.job === 'patchbay';
    const child = spawn(
      process.execPath,
      [
        ...(patchbay ? coreNodeFlags : []),
        ...(process.env.BENCH_CSV_PROFILE
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CSV_PROFILE}`]
          : []),
        jobFile,
      ],
      {
        env: { ...process.env, ...(patchbay ? coreProcessEnv : {}), [csvJobVariable]: JSON.stringify(input) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as CsvJobResult)
        : reject(new Error(`The ${input.job} job exited with code ${code}; its error is printed above.`)),
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '1' } },
  });
  const figures = await benchCsvToPostgres(Number(values.rows), Number(values.runs));
  console.log(formatCsvTable(figures));
}
