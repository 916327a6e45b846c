import type { Run } from '../../../../core/contract/runs.ts';

export const triggerLabels: Record<Run['trigger'], string> = {
  manual: 'Started by hand',
  ui: 'Sync now, in the control centre',
  cli: 'From the command line',
  'first-start': 'First sync of the demo',
  schedule: 'On schedule',
  retry: 'Retry of failed records',
  'catch-up': 'Catch-up after missed runs',
  'file-change': 'A file arrived or changed',
};

/** The first line of a run's timeline. */
export const startedBecause: Record<Run['trigger'], string> = {
  manual: 'Started by hand.',
  ui: 'Started with Sync now in the control centre.',
  cli: 'Started from the command line (patchbay flow run).',
  'first-start': 'Started once when the demo workspace was made, so every view has something to show.',
  schedule: 'Started on its schedule.',
  retry: 'Started to retry failed records.',
  'catch-up': 'Started to catch up on a missed run.',
  'file-change': 'Started because a file arrived or changed in its folder.',
};

export const statusLabels: Record<Run['status'], string> = {
  succeeded: 'Succeeded',
  partial: 'Partly succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  paused: 'Paused for the daily limit',
  running: 'Running',
};

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** "4 s", "2 min 5 s", "1 h 3 min"; a running run counts up to now. */
export function formatDuration(startedAt: string, finishedAt: string | null, now = Date.now()): string {
  const ms = Math.max(0, (finishedAt ? Date.parse(finishedAt) : now) - Date.parse(startedAt));
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "49 read · 48 created · 1 failed": the counts that are not zero, read always. */
export function countsSummary(counts: Run['counts']): string {
  const parts = [`${counts.read.toLocaleString()} read`];
  for (const key of ['created', 'updated', 'unchanged', 'failed'] as const)
    if (counts[key] > 0) parts.push(`${counts[key].toLocaleString()} ${key}`);
  if (counts.deleted) parts.push(`${counts.deleted.toLocaleString()} deleted at source`);
  return parts.join(' · ');
}
