// Turns measured jobs into the figures the bench prints and saves.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform } from 'node:os';
import { dirname } from 'node:path';
import type { JobName, Measured } from './run-job.ts';

export interface JobFigures {
  recordsPerSecond: number;
  /** The sync alone, in the median run. */
  wallMs: number;
  /** The sync alone, in every run. */
  runsWallMs: number[];
  /** The whole job process, start-up included, in the median run. */
  processMs: number;
  /** The highest of the runs' peaks. */
  peakRssMb: number;
  /**
   * CPU time of the sync, job and emulators together (the median of the runs'), and
   * the job's alone: on a shared machine a steadier measure than wall time.
   */
  cpuMs: number;
  jobCpuMs: number;
  requests: { source: number; target: number };
}

export interface SizeFigures {
  size: number;
  /** The jobs measured (all of them unless `--jobs` chose some). */
  jobs: Partial<Record<JobName, JobFigures>>;
  /** Patchbay ÷ the other job: above 1 means Patchbay took longer or used more memory. */
  ratio: Partial<Record<Exclude<JobName, 'patchbay'>, Ratio>>;
}

export interface Ratio {
  /** Of the median runs' wall times. */
  wallTime: number;
  /**
   * Run by run: each Patchbay run ÷ the other job's run of the same round, which ran
   * next to it (the rounds alternate the jobs' order), and the median of those. A
   * machine that slows down or speeds up between rounds moves both runs of a round.
   */
  wallTimeByRound: number[];
  wallTimePaired: number;
  /** Of the CPU time of the whole exchange (job and emulators). */
  cpuTime: number;
  peakRss: number;
}

export interface BenchReport {
  date: string;
  /** Runs per job and size; the figures are the median run's. */
  runs: number;
  node: string;
  platform: string;
  cpuCount: number;
  cpuModel: string;
  /** HubSpot contacts → Stripe customers. */
  results: SizeFigures[];
  /** Shopify orders → Xero invoices. */
  orders: SizeFigures[];
}

export function figures(size: number, measured: Record<JobName, Measured[]>): SizeFigures {
  const of = (runs: Measured[]): JobFigures => {
    const m = [...runs].sort((a, b) => a.syncMs - b.syncMs)[Math.floor((runs.length - 1) / 2)]!;
    return {
      recordsPerSecond: Math.round(size / (m.syncMs / 1000)),
      wallMs: Math.round(m.syncMs),
      runsWallMs: runs.map((r) => Math.round(r.syncMs)),
      processMs: Math.round(m.processMs),
      peakRssMb: round(Math.max(...runs.map((r) => r.maxRssKb)) / 1024, 1),
      cpuMs: Math.round(median(runs.map((r) => r.syncCpuMs + r.emulatorsCpuMs))),
      jobCpuMs: Math.round(median(runs.map((r) => r.syncCpuMs))),
      requests: m.requests,
    };
  };
  const jobs: SizeFigures['jobs'] = {};
  for (const name of Object.keys(measured) as JobName[])
    if (measured[name].length > 0) jobs[name] = of(measured[name]);
  const ratio: SizeFigures['ratio'] = {};
  const patchbay = jobs.patchbay;
  for (const name of ['ceiling', 'handwritten'] as const) {
    const other = jobs[name];
    if (patchbay && other) {
      const byRound = patchbay.runsWallMs.map((ms, i) => round(ms / other.runsWallMs[i]!, 2));
      ratio[name] = {
        wallTime: round(patchbay.wallMs / other.wallMs, 2),
        wallTimeByRound: byRound,
        wallTimePaired: median(byRound),
        peakRss: round(patchbay.peakRssMb / other.peakRssMb, 2),
        cpuTime: round(patchbay.cpuMs / other.cpuMs, 2),
      };
    }
  }
  return { size, jobs, ratio };
}

export function describeMachine(
  runs: number,
  results: SizeFigures[],
  orders: SizeFigures[] = [],
): BenchReport {
  return {
    date: new Date().toISOString(),
    runs,
    node: process.version,
    platform: `${platform()} ${process.arch}`,
    cpuCount: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    results,
    orders,
  };
}

export function formatTable(report: BenchReport): string {
  const header = [
    'records',
    'job',
    'records/s',
    'wall s',
    'process s',
    'CPU s (job + emulators)',
    'peak RSS MB',
    'HTTP requests',
  ];
  const rows: string[][] = [];
  // Wall time, each round's Patchbay run ÷ the other job's run beside it (Ratio.wallTimeByRound).
  const rounds: string[] = [];
  const jobs = [
    ['HubSpot contacts → Stripe customers', report.results],
    ['Shopify orders → Xero invoices', report.orders],
  ] as const;
  for (const [title, results] of jobs) {
    if (results.length > 0) rows.push([title, '', '', '', '', '', '', '']);
    for (const r of results) rowsOf(r);
  }
  function rowsOf(r: SizeFigures): void {
    for (const [name, label] of [
      ['ceiling', 'ceiling'],
      ['handwritten', 'hand-written'],
      ['patchbay', 'Patchbay'],
    ] as const) {
      const j = r.jobs[name];
      if (!j) continue;
      rows.push([
        r.size.toLocaleString('en'),
        label,
        j.recordsPerSecond.toLocaleString('en'),
        (j.wallMs / 1000).toFixed(2),
        (j.processMs / 1000).toFixed(2),
        `${(j.cpuMs / 1000).toFixed(2)} (${(j.jobCpuMs / 1000).toFixed(2)} + ${((j.cpuMs - j.jobCpuMs) / 1000).toFixed(2)})`,
        j.peakRssMb.toFixed(1),
        (j.requests.source + j.requests.target).toLocaleString('en'),
      ]);
    }
    for (const [name, label] of [
      ['ceiling', 'Patchbay ÷ ceiling'],
      ['handwritten', 'Patchbay ÷ hand-written'],
    ] as const) {
      const ratio = r.ratio[name];
      if (!ratio) continue;
      rows.push([
        '',
        label,
        '',
        `${ratio.wallTime.toFixed(2)}×`,
        '',
        `${ratio.cpuTime.toFixed(2)}×`,
        `${ratio.peakRss.toFixed(2)}×`,
        '',
      ]);
      if (ratio.wallTimeByRound.length > 1)
        rounds.push(
          `${label}, ${r.size.toLocaleString('en')} records: ${ratio.wallTimeByRound.map((x) => `${x.toFixed(2)}×`).join(', ')} (median ${ratio.wallTimePaired.toFixed(2)}×)`,
        );
    }
  }
  // A title row spans the table: it does not widen the first column.
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.filter((row) => row[1] !== '' || i > 0).map((row) => row[i]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    `Node ${report.node}, ${report.platform}, ${report.cpuCount} × ${report.cpuModel}; median of ${report.runs} run(s)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(rounds.length > 0
      ? ['', 'Wall time round by round (each pair of runs ran side by side):', ...rounds]
      : []),
  ].join('\n');
}

export function writeReport(file: string, report: BenchReport): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
