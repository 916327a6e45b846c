// Preloaded into a bench job by `--heap-snapshots` (run-bench.ts): writes a V8 heap
// snapshot of the job's process every BENCH_HEAP_SNAPSHOT_EVERY_S seconds (10) into
// BENCH_HEAP_SNAPSHOT_DIR, so a sync's heap can be read in its middle, and at 10,000
// and 100,000 records side by side (heap-retainers.ts summarises one). Writing a
// snapshot stops the process for a second or more: these runs are not for timing.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { jobInputVariable, type JobInput } from './job-protocol.ts';

const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
const everyMs = Number(process.env.BENCH_HEAP_SNAPSHOT_EVERY_S ?? '10') * 1000;
if (dir) {
  mkdirSync(dir, { recursive: true });
  const job = basename(process.argv[1] ?? 'job').replace(/\.[^.]+$/, '');
  const { size } = JSON.parse(process.env[jobInputVariable] ?? '{}') as Partial<JobInput>;
  // Named by the seconds since the process started (writing one takes a while itself).
  setInterval(() => {
    const at = String(Math.round(process.uptime())).padStart(4, '0');
    writeHeapSnapshot(join(dir, `${job}-${size}-${process.pid}-${at}s.heapsnapshot`));
  }, everyMs).unref();
}
