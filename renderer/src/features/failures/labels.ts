import type { Failure } from '../../../../core/contract/flows.ts';
import type { MethodOutput } from '../../../../core/contract/methods.ts';

interface ClassWords {
  /** What happened, as a heading. */
  title: string;
  /** What to do about it. */
  action: string;
}

// The failure's message already explains it in the app's own words; these group headings
// say the kind of problem at a glance and the usual next step.
const classWords: Record<string, ClassWords> = {
  validation: {
    title: 'The target app rejected the data',
    action: 'Correct the record where it comes from (or change the mapping), then retry it.',
  },
  mapping: {
    title: "The record did not fit the flow's mapping",
    action: "Fill in what is missing in the source app or adjust the flow's mapping, then retry it.",
  },
  conflict: {
    title: 'The target app already has a clashing record',
    action: 'Merge or remove the duplicate in the target app, then retry it.',
  },
  not_found: {
    title: 'The record no longer exists',
    action: 'If it was deleted on purpose, resolve or ignore it.',
  },
  unconfirmed: {
    title: 'The app may or may not have saved the record',
    action: 'Look for the record in the target app: if it is there, resolve this; if not, retry it.',
  },
  rate_limit: {
    title: 'The app asked Patchbay to slow down',
    action: 'Nothing to do: Patchbay tries again by itself.',
  },
  network: {
    title: 'Patchbay could not reach the app',
    action: 'Check the internet connection; Patchbay tries again by itself.',
  },
  server: {
    title: 'The app had a problem on its side',
    action: 'Nothing to do for now: Patchbay tries again by itself.',
  },
  auth: {
    title: 'The app refused the saved sign-in',
    action: 'Reconnect the app from its page under Apps, then retry.',
  },
  internal: {
    title: 'Something went wrong inside Patchbay',
    action: 'Retry it. If it fails again, the log has the details for support.',
  },
};

export function errorClassWords(errorClass: string): ClassWords {
  return (
    classWords[errorClass] ?? {
      title: 'The record could not be written',
      action: 'Read the message below, fix the cause, then retry it.',
    }
  );
}

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
    if (run.status === 'failed' && run.error) stopped.push(run.error);
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
