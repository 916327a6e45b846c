import type { z } from 'zod';
import type { runCountsSchema, runStatuses } from '../../../../core/contract/sync.ts';
import type { flowHealths } from '../../../../core/contract/settings.ts';
import { formatDateTime, plural } from '../../lib/words.ts';

type RunCounts = z.infer<typeof runCountsSchema>;

export const healthWords: Record<(typeof flowHealths)[number], string> = {
  ok: 'Working',
  failing: 'Needs attention',
  paused: 'Paused',
  never_run: 'Not run yet',
  waiting_setup: 'Waiting for setup',
};

export const runStatusWords: Record<(typeof runStatuses)[number], string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Finished with problems',
  failed: 'Failed',
  cancelled: 'Stopped',
  paused: 'Paused for the daily limit',
};

/** "48 written, 1 failed": what a run did, leaving out what it did not. */
export function countsInWords(counts: RunCounts): string {
  const written = counts.created + counts.updated;
  const parts = [`${plural(written, 'record')} written`];
  if (counts.unchanged > 0) parts.push(`${counts.unchanged} unchanged`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts.deleted) parts.push(`${counts.deleted} deleted at source`);
  return parts.join(', ');
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "in 12 minutes (14 Mar 2026, 10:15)" or "3 hours ago (…)". */
export function whenInWords(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  const minutes = Math.round((at.getTime() - now) / 60_000);
  const near =
    Math.abs(minutes) < 1
      ? at.getTime() > now
        ? 'in less than a minute'
        : 'just now'
      : Math.abs(minutes) < 60
        ? relative.format(minutes, 'minute')
        : Math.abs(minutes) < 48 * 60
          ? relative.format(Math.round(minutes / 60), 'hour')
          : relative.format(Math.round(minutes / 1440), 'day');
  return `${near} (${formatDateTime(iso)})`;
}
