// Runs one measured job in its own process (so its peak RSS is its own) against a fresh
// target emulator, then checks in the emulator's store that the job really did the work.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { coreNodeFlags, coreProcessEnv } from '../core/host/core-process-flags.ts';
import { builtPatchbayJob } from './built-patchbay-job.ts';
import type { RunningEmulator } from '../core/demo/emulators/emulator-server.ts';
import { cpuMsSince, jobInputVariable, type AnyJobInput, type JobResult } from './job-protocol.ts';

export const jobs = {
  ceiling: { label: 'Ceiling', file: fileURLToPath(new URL('./ceiling-job.ts', import.meta.url)) },
  handwritten: {
    label: 'Hand-written',
    file: fileURLToPath(new URL('./handwritten-job.ts', import.meta.url)),
  },
  // Built as the app builds its core process (run-bench.ts builds it first), and
  // started with the flags of a process that runs the core, as the app starts it.
  patchbay: {
    label: 'Patchbay',
    file: builtPatchbayJob,
    nodeFlags: coreNodeFlags,
    env: coreProcessEnv,
  },
} as const satisfies Record<string, Job>;

interface Job {
  label: string;
  file: string;
  nodeFlags?: readonly string[];
  env?: Readonly<Record<string, string>>;
}
export type JobName = keyof typeof jobs;

/** High enough that neither emulator ever answers 429: the bench measures our code, not a throttle. */
export const unthrottled = { requests: 10_000_000, perMs: 1000 };

export interface Measured extends JobResult {
  /** The whole child process: start-up, module loading and setup included. */
  processMs: number;
  /** CPU time of the emulators (this process) while the job ran: their side of the exchange. */
  emulatorsCpuMs: number;
  requests: { source: number; target: number };
}

/**
 * What a bench job syncs (job-pairs.ts): the source emulator, seeded once per size and
 * kept across runs, a fresh target emulator per run, the job's input, and the check
 * that the target ends as it should.
 */
export interface JobPair<T extends RunningEmulator> {
  readonly source: RunningEmulator;
  startTarget(): Promise<T>;
  input(target: T, size: number): AnyJobInput;
  verify(target: T, size: number, label: string): void;
}

export async function measureJob<T extends RunningEmulator>(
  name: JobName,
  size: number,
  pair: JobPair<T>,
  nodeArgs: readonly string[] = [],
): Promise<Measured> {
  const target = await pair.startTarget();
  try {
    const sourceBefore = pair.source.stats.requests;
    const start = performance.now();
    // This process hosts both emulators and does nothing else while the job runs.
    const cpuBefore = process.cpuUsage();
    const job: Job = jobs[name];
    const stdout = await runChild(job.file, [...(job.nodeFlags ?? []), ...nodeArgs], {
      ...job.env,
      [jobInputVariable]: JSON.stringify(pair.input(target, size)),
    });
    const processMs = performance.now() - start;
    const emulatorsCpuMs = cpuMsSince(cpuBefore);
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as JobResult;
    pair.verify(target, size, jobs[name].label);
    return {
      ...result,
      processMs,
      emulatorsCpuMs,
      requests: { source: pair.source.stats.requests - sourceBefore, target: target.stats.requests },
    };
  } finally {
    await target.close();
  }
}

function runChild(file: string, nodeArgs: readonly string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, file], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(new Error(`${file} exited with code ${code}; its error is printed above.`));
    });
  });
}
