import type { z } from 'zod';
import type { dashboardSchema } from '../../../../core/contract/settings.ts';
import { plural } from '../../lib/words.ts';

export type Dashboard = z.infer<typeof dashboardSchema>;
export type DashboardFlow = Dashboard['flows'][number];

export type Tone = 'ok' | 'attention' | 'waiting';

export interface HealthSummary {
  headline: string;
  /** The reason, when too long for the headline. */
  detail?: string;
  tone: Tone;
  /** Failing, or paused by Patchbay itself (a refused credential, an app not answering). */
  needsAttention: DashboardFlow[];
  /** Switched off by a person: they run only with "Sync now", which is not a problem. */
  pausedByHand: DashboardFlow[];
  /** They cannot run until an app they use is connected or has its key. */
  waitingForSetup: DashboardFlow[];
  counts: Record<DashboardFlow['health'], number>;
}

// The server's reasons are sentences; in the headline they follow a dash.
const clause = (reason: string | null) => (reason ?? 'see what went wrong').replace(/\.\s*$/, '');

/**
 * "Is everything syncing?" answered in one sentence, with the flows behind it. Every
 * figure counts all the workspace's flows, and says what the others are doing, so
 * "2 of 4" never reads as "2".
 */
export function summarizeHealth(
  flows: DashboardFlow[],
  pausedByPatchbay: ReadonlySet<string>,
): HealthSummary {
  const counts = { ok: 0, failing: 0, paused: 0, never_run: 0, waiting_setup: 0 };
  for (const flow of flows) counts[flow.health] += 1;
  const needsAttention = flows.filter(
    (f) => f.health === 'failing' || (f.health === 'paused' && pausedByPatchbay.has(f.flowId)),
  );
  const pausedByHand = flows.filter((f) => f.health === 'paused' && !pausedByPatchbay.has(f.flowId));
  const waitingForSetup = flows.filter((f) => f.health === 'waiting_setup');
  const total = flows.length;
  const base = { needsAttention, pausedByHand, waitingForSetup, counts };

  if (needsAttention.length === 1) {
    const [flow] = needsAttention;
    const reason = clause(flow!.reason);
    // A long reason (an app's own error text) reads better under the headline than in it.
    return reason.length <= 90
      ? { ...base, tone: 'attention', headline: `1 flow needs attention: ${flow!.name} — ${reason}` }
      : {
          ...base,
          tone: 'attention',
          headline: `1 flow needs attention: ${flow!.name}`,
          detail: flow!.reason!,
        };
  }
  if (needsAttention.length > 1)
    return { ...base, tone: 'attention', headline: `${needsAttention.length} flows need attention` };

  // What the flows that are not syncing are doing instead: "2 have not run yet, 1 is waiting for setup".
  const others = [
    counts.never_run > 0 && `${plural(counts.never_run, 'has', 'have')} not run yet`,
    waitingForSetup.length > 0 && `${plural(waitingForSetup.length, 'is', 'are')} waiting for setup`,
    pausedByHand.length > 0 && `${plural(pausedByHand.length, 'is', 'are')} switched off by hand`,
  ]
    .filter(Boolean)
    .join(', ');
  const runnable = total - pausedByHand.length - waitingForSetup.length;

  if (counts.ok === total)
    return {
      ...base,
      tone: 'ok',
      headline: total === 1 ? 'Your flow is syncing' : `All ${total} flows are syncing`,
    };
  if (runnable === 0)
    return {
      ...base,
      tone: 'waiting',
      headline:
        pausedByHand.length === total
          ? `No flow runs by itself: ${total === 1 ? 'your flow is' : `all ${total} are`} paused`
          : waitingForSetup.length === total
            ? `No flow can run yet: ${total === 1 ? 'your flow is' : `all ${total} are`} waiting for setup`
            : `No flow runs by itself: ${others}`,
    };
  if (counts.ok > 0)
    return {
      ...base,
      // Flows switched off by hand are no problem; any other flow not syncing yet is worth a wait.
      tone: counts.ok === runnable && waitingForSetup.length === 0 ? 'ok' : 'waiting',
      headline: `${counts.ok} of ${total} flows are syncing; ${others}`,
    };
  if (counts.never_run === total)
    return {
      ...base,
      tone: 'waiting',
      headline: total === 1 ? 'Your flow has not run yet' : `None of your ${total} flows has run yet`,
    };
  return { ...base, tone: 'waiting', headline: `None of your ${total} flows is syncing yet: ${others}` };
}

const numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
export const formatNumber = (n: number) => numbers.format(n);

/** "≈ 24 minutes" or "≈ 1.2 hours": the time people did not spend re-keying records this week. */
export function typingSaved(records: number, hours: number, secondsPerRecord: number) {
  const minutes = Math.round((records * secondsPerRecord) / 60);
  const figure =
    hours >= 1
      ? `≈ ${formatNumber(hours)} ${hours === 1 ? 'hour' : 'hours'}`
      : `≈ ${plural(minutes, 'minute')}`;
  return {
    figure,
    rest: `of typing saved this week (${plural(records, 'record')} × ${secondsPerRecord}\u00a0s)`,
  };
}

const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
const dayLong = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
});

/** The chart's days: the last one is the server's today. */
export function chartDays(perDay: Dashboard['synced']['perDay']) {
  return perDay.map((entry, index) => {
    const isToday = index === perDay.length - 1;
    const date = new Date(`${entry.day}T00:00:00Z`);
    return {
      ...entry,
      label: isToday ? 'Today' : dayLabel.format(date),
      longLabel: isToday ? 'Today' : dayLong.format(date),
    };
  });
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const weekdayClock = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "in 12 minutes (14:30)" or "tomorrow (Tue 08:00)". */
export function whenNext(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  const minutes = Math.round((at.getTime() - now) / 60_000);
  const sameDay = at.toDateString() === new Date(now).toDateString();
  const exact = sameDay ? clock.format(at) : weekdayClock.format(at);
  if (minutes <= 0) return `due now (${exact})`;
  if (minutes < 60) return `${relative.format(minutes, 'minute')} (${exact})`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${relative.format(hours, 'hour')} (${exact})`;
  return `${relative.format(Math.round(hours / 24), 'day')} (${exact})`;
}

/** "5 minutes ago" for a moment in the past. */
export function whenPast(iso: string, now = Date.now()): string {
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  if (minutes > -1) return 'just now';
  if (minutes > -60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours > -24) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}
