import type { Failure } from '../../../../core/contract/flows.ts';
import type { MethodOutput } from '../../../../core/contract/methods.ts';

export const failureStateLabels: Record<Failure['state'], string> = {
  open: 'Waiting to retry',
  'needs-attention': 'Needs attention',
  resolved: 'Resolved',
  ignored: 'Ignored',
};

/** A name a person recognises the record by: its name, else its email, else its id. */
export function recordTitle(failure: Pick<Failure, 'payload' | 'sourceRecordId'>): string {
  const p = failure.payload;
  const text = (key: string) => (typeof p[key] === 'string' && p[key].trim() ? p[key].trim() : '');
  const person = [text('firstname'), text('lastname')].filter(Boolean).join(' ');
  return person || text('name') || text('email') || `Record ${failure.sourceRecordId}`;
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * "1 record written; 0 still failing", summed over the retry's runs (one per flow);
 * `settled` when nothing is still failing.
 */
export function retryOutcome(result: MethodOutput<'failures.retry'>): { message: string; settled: boolean } {
  if (result.retried === 0)
    return { message: 'Nothing to retry: those records were already dealt with.', settled: true };
  let written = 0;
  let unchanged = 0;
  let failing = 0;
  const stopped: string[] = [];
  for (const run of result.runs) {
    written += run.counts.created + run.counts.updated;
    unchanged += run.counts.unchanged;
    failing += run.counts.failed;
    if ((run.status === 'failed' || run.status === 'paused') && run.error) stopped.push(run.error);
  }
  const parts = [count(written, 'record written', 'records written')];
  if (unchanged > 0) parts.push(`${count(unchanged, 'was', 'were')} already up to date`);
  parts.push(`${failing.toLocaleString()} still failing`);
  const summary = `${parts.join('; ')}.`;
  return {
    message: stopped.length > 0 ? `${summary} The retry stopped: ${stopped.join(' ')}` : summary,
    settled: failing === 0 && stopped.length === 0,
  };
}
