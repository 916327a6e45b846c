import type { EventPayload, MethodOutput } from '../../contract/methods.ts';
import type { Core } from '../core.ts';

type Progress = EventPayload<'runs.progress'>;
type RunCounts = Progress['counts'];
type RunResult = MethodOutput<'flows.run'>;
type RunStatus = RunResult['status'];

export function describeCounts(counts: RunCounts): string {
  return (
    `${counts.read} read, ${counts.created} created, ${counts.updated} updated, ` +
    `${counts.unchanged} unchanged, ${counts.failed} failed`
  );
}

/** Scripts branch on this: 0 all written, 2 some records failed, 1 the run itself failed or stopped (a budget pause too: not all is written yet). */
export function exitCodeOf(statuses: readonly RunStatus[]): number {
  const stopped = new Set<RunStatus>(['failed', 'cancelled', 'running', 'paused']);
  if (statuses.some((status) => stopped.has(status))) return 1;
  return statuses.includes('partial') ? 2 : 0;
}

/** The summary line of a finished run, with its error in words when it failed. */
export function describeRun(flowName: string, run: RunResult): string {
  const line = `${flowName}: run ${run.runId} ${run.status} (${describeCounts(run.counts)}).`;
  return run.error ? `${line}\n${run.error}` : line;
}

/** Prints a line per committed page of the given flow while `work` runs. */
export async function withProgressLines<T>(core: Core, flowId: string, work: () => Promise<T>): Promise<T> {
  const stop = core.onEvent((event) => {
    if (event.name !== 'runs.progress') return;
    const progress = event.payload as Progress;
    if (progress.flowId === flowId)
      console.log(`  page ${progress.page}: ${describeCounts(progress.counts)}`);
  });
  try {
    return await work();
  } finally {
    stop();
  }
}
