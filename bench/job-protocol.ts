// How the orchestrator and a measured job talk: the job's input comes in one
// environment variable (never argv, where other users' `ps` would show the tokens),
// and its result is one JSON line on stdout. Everything else a job says goes to stderr.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const jobInputVariable = 'PATCHBAY_BENCH_JOB';

/** HubSpot contacts → Stripe customers. */
export interface JobInput {
  job: 'contacts';
  /** Contacts seeded in HubSpot; the job must create exactly this many Stripe customers. */
  size: number;
  hubspotUrl: string;
  hubspotToken: string;
  stripeUrl: string;
  stripeKey: string;
}

/** Shopify orders → Xero invoices. */
export interface OrdersJobInput {
  job: 'orders';
  /** Orders seeded in Shopify; the job must create exactly this many Xero invoices. */
  size: number;
  shopifyUrl: string;
  /** A Dev Dashboard app's client id and secret: each job buys its token (client-credentials grant). */
  shopifyClientId: string;
  shopifyClientSecret: string;
  xeroUrl: string;
  xeroAccessToken: string;
  xeroTenantId: string;
}

export type AnyJobInput = JobInput | OrdersJobInput;

export interface JobCounts {
  read: number;
  created: number;
  updated: number;
  failed: number;
}

export interface JobResult {
  counts: JobCounts;
  /** The sync alone, from the first request to the last commit (setup and teardown excluded). */
  syncMs: number;
  /**
   * CPU time (user + system, all threads) the job's process spent in the sync. On a
   * machine shared with other work, wall time waits for the CPU; CPU time much less so.
   */
  syncCpuMs: number;
  /** The job process's own peak resident set, in kilobytes (peakRssKb). */
  maxRssKb: number;
}

export function readJobInput(): AnyJobInput {
  const text = process.env[jobInputVariable];
  if (!text)
    throw new Error(`Run this through bench/run-bench.ts: it passes the job in ${jobInputVariable}.`);
  return JSON.parse(text) as AnyJobInput;
}

export type JobSync<I> = (input: I) => Promise<{ counts: JobCounts; syncMs: number; syncCpuMs: number }>;

/**
 * Runs a job's sync, times it, checks it did all the work, and prints the result line.
 * A job that did less than asked exits non-zero: a benchmark that silently skipped work
 * would report a speed it never reached.
 */
export async function runJob(
  name: string,
  syncs: { contacts: JobSync<JobInput>; orders: JobSync<OrdersJobInput> },
): Promise<void> {
  try {
    const input = readJobInput();
    const { counts, syncMs, syncCpuMs } =
      input.job === 'orders' ? await syncs.orders(input) : await syncs.contacts(input);
    if (counts.created !== input.size || counts.failed !== 0) {
      throw new Error(
        `${name} created ${counts.created} of ${input.size} ${input.job === 'orders' ? 'invoices' : 'customers'} with ${counts.failed} failures.`,
      );
    }
    const result: JobResult = { counts, syncMs, syncCpuMs, maxRssKb: peakRssKb() };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    process.stderr.write(`${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
}

/**
 * This process's own peak resident set in kilobytes. On Linux it is VmHWM, the peak of
 * the memory this program has had since it started: getrusage's maxrss (what
 * `process.resourceUsage().maxRSS` reads) carries over across exec the peak of the
 * process it was forked from, so every job reported at least the orchestrator's RSS,
 * emulators and seeded records included (a job of 100 records "peaked" at 155 MB).
 */
export function peakRssKb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  } catch {
    // Not Linux: maxrss (Node reports it in kilobytes) is the best there is.
  }
  return process.resourceUsage().maxRSS;
}

/** Milliseconds spent in `work`, and the process's CPU milliseconds meanwhile. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  const value = await work();
  return { value, ms: performance.now() - start, cpuMs: cpuMsSince(cpuBefore) };
}

/** User + system CPU milliseconds of this process since `before` (process.cpuUsage()). */
export function cpuMsSince(before: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000;
}
