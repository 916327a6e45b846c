// Runs one measured job in its own process (so its peak RSS is its own) against a fresh
// Stripe emulator, then checks in the emulator's store that the job really did the work.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { coreNodeFlags, coreProcessEnv } from '../core/host/core-process-flags.ts';
import type { HubSpotEmulator } from '../core/demo/emulators/hubspot-emulator.ts';
import { startStripeEmulator, type StripeStore } from '../core/demo/emulators/stripe-emulator.ts';
import { hubspotToken, stripeKey } from '../core/testing/sync-harness.ts';
import { cpuMsSince, jobInputVariable, type JobInput, type JobResult } from './job-protocol.ts';

export const jobs = {
  ceiling: { label: 'Ceiling', file: fileURLToPath(new URL('./ceiling-job.ts', import.meta.url)) },
  handwritten: {
    label: 'Hand-written',
    file: fileURLToPath(new URL('./handwritten-job.ts', import.meta.url)),
  },
  // Started with the flags of a process that runs the core, as the app starts it.
  patchbay: {
    label: 'Patchbay',
    file: fileURLToPath(new URL('./patchbay-job.ts', import.meta.url)),
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
  requests: { hubspot: number; stripe: number };
}

export async function measureJob(
  name: JobName,
  size: number,
  hubspot: HubSpotEmulator,
  nodeArgs: readonly string[] = [],
): Promise<Measured> {
  const stripe = await startStripeEmulator({ keys: [stripeKey], rateLimit: unthrottled });
  try {
    const hubspotBefore = hubspot.stats.requests;
    const input: JobInput = { size, hubspotUrl: hubspot.url, hubspotToken, stripeUrl: stripe.url, stripeKey };
    const start = performance.now();
    // This process hosts both emulators and does nothing else while the job runs.
    const cpuBefore = process.cpuUsage();
    const job: Job = jobs[name];
    const stdout = await runChild(job.file, [...(job.nodeFlags ?? []), ...nodeArgs], {
      ...job.env,
      [jobInputVariable]: JSON.stringify(input),
    });
    const processMs = performance.now() - start;
    const emulatorsCpuMs = cpuMsSince(cpuBefore);
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as JobResult;
    verifyCustomers(stripe.store, size, jobs[name].label);
    return {
      ...result,
      processMs,
      emulatorsCpuMs,
      requests: { hubspot: hubspot.stats.requests - hubspotBefore, stripe: stripe.stats.requests },
    };
  } finally {
    await stripe.close();
  }
}

/**
 * Stripe must end with exactly one customer per seeded contact, each with the mapped
 * fields (seedContacts makes contact i: contact<i>@example.com, First<i> Last<i>).
 */
export function verifyCustomers(store: StripeStore, size: number, label: string): void {
  const problem = (what: string) => new Error(`${label} left Stripe wrong: ${what}.`);
  if (store.ordered.length !== size) throw problem(`${store.ordered.length} customers instead of ${size}`);
  const seen = new Set<string>();
  for (const customer of store.ordered) {
    const i = /^contact(\d+)@example\.com$/.exec(customer.email ?? '')?.[1];
    if (!i || seen.has(i)) throw problem(`unexpected or repeated email ${customer.email}`);
    seen.add(i);
    const phone = `+44 20 7946 ${String(Number(i) % 10000).padStart(4, '0')}`;
    if (
      customer.name !== `First${i} Last${i}` ||
      customer.phone !== phone ||
      customer.metadata.hubspot_id !== i
    )
      throw problem(`customer ${customer.id} has the wrong fields`);
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
