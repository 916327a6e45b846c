import { describe, expect, it, vi } from 'vitest';
import {
  chartDays,
  summarizeHealth,
  typingSaved,
  whenNext,
  whenPast,
  type DashboardFlow,
} from './dashboard-words.ts';

const flow = (
  name: string,
  health: DashboardFlow['health'],
  reason: string | null = null,
): DashboardFlow => ({
  flowId: name.toLowerCase().replaceAll(' ', '-'),
  name,
  sourceAppId: 'app-hubspot',
  targetAppId: 'app-stripe',
  health,
  reason,
  lastRunAt: null,
  openFailures: 0,
});
const nobody = new Set<string>();

describe('summarizeHealth', () => {
  it('says all is well when every flow that runs by itself is syncing', () => {
    expect(summarizeHealth([flow('Contacts', 'ok')], nobody)).toMatchObject({
      tone: 'ok',
      headline: 'Your flow is syncing',
      needsAttention: [],
    });
    expect(summarizeHealth([flow('Contacts', 'ok'), flow('Invoices', 'ok')], nobody).headline).toBe(
      'All 2 flows are syncing',
    );
  });

  it('names the one flow that needs attention, with its reason after a dash and without the full stop', () => {
    const summary = summarizeHealth(
      [flow('Contacts', 'failing', 'Stripe refused 1 record.'), flow('Invoices', 'ok')],
      nobody,
    );
    expect(summary.tone).toBe('attention');
    expect(summary.headline).toBe('1 flow needs attention: Contacts — Stripe refused 1 record');
    expect(summary.detail).toBeUndefined();
    expect(summary.needsAttention.map((f) => f.name)).toEqual(['Contacts']);
  });

  it('moves a long reason under the headline, whole', () => {
    const reason = `Stripe answered: ${'the request was not valid because of a field; '.repeat(3)}`;
    const summary = summarizeHealth([flow('Contacts', 'failing', reason)], nobody);
    expect(summary.headline).toBe('1 flow needs attention: Contacts');
    expect(summary.detail).toBe(reason);
  });

  it('asks to look at what went wrong when the server gave no reason', () => {
    expect(summarizeHealth([flow('Contacts', 'failing')], nobody).headline).toBe(
      '1 flow needs attention: Contacts — see what went wrong',
    );
  });

  it('counts several flows needing attention', () => {
    const flows = [flow('Contacts', 'failing'), flow('Invoices', 'failing'), flow('Orders', 'ok')];
    expect(summarizeHealth(flows, nobody)).toMatchObject({
      tone: 'attention',
      headline: '2 flows need attention',
    });
  });

  it('treats a flow Patchbay paused as needing attention, and one a person paused as not', () => {
    const flows = [flow('Contacts', 'paused'), flow('Invoices', 'paused'), flow('Orders', 'ok')];
    const summary = summarizeHealth(flows, new Set(['contacts']));
    expect(summary.needsAttention.map((f) => f.name)).toEqual(['Contacts']);
    expect(summary.pausedByHand.map((f) => f.name)).toEqual(['Invoices']);
    expect(summary.headline).toBe('1 flow needs attention: Contacts — see what went wrong');
  });

  it('leaves flows paused by hand out of "all syncing", and counts them', () => {
    const summary = summarizeHealth([flow('Contacts', 'ok'), flow('Invoices', 'paused')], nobody);
    expect(summary).toMatchObject({
      tone: 'ok',
      headline: '1 of 2 flows are syncing; 1 is switched off by hand',
    });
    expect(summary.counts).toEqual({ ok: 1, failing: 0, paused: 1, never_run: 0, waiting_setup: 0 });
  });

  // Issue 14, item 6: "None of your 2 flows has run yet" in a workspace with 4.
  it('counts every flow of the workspace, and says what the others are doing', () => {
    const four = [
      flow('Contacts', 'never_run'),
      flow('Deals', 'never_run'),
      flow('Orders', 'waiting_setup', 'Waiting for setup: Xero is in the inventory only.'),
      flow('Newsletter', 'paused'),
    ];
    const summary = summarizeHealth(four, nobody);
    expect(summary).toMatchObject({
      tone: 'waiting',
      headline:
        'None of your 4 flows is syncing yet: 2 have not run yet, 1 is waiting for setup, 1 is switched off by hand',
    });
    expect(summary.waitingForSetup.map((f) => f.name)).toEqual(['Orders']);
    expect(summary.pausedByHand.map((f) => f.name)).toEqual(['Newsletter']);
    const syncing = [flow('Contacts', 'ok'), flow('Deals', 'ok'), flow('Orders', 'waiting_setup')];
    expect(summarizeHealth(syncing, nobody)).toMatchObject({
      tone: 'waiting',
      headline: '2 of 3 flows are syncing; 1 is waiting for setup',
    });
    expect(summarizeHealth([flow('Orders', 'waiting_setup')], nobody).headline).toBe(
      'No flow can run yet: your flow is waiting for setup',
    );
  });

  it('says so when nothing runs by itself', () => {
    expect(summarizeHealth([flow('Contacts', 'paused')], nobody)).toMatchObject({
      tone: 'waiting',
      headline: 'No flow runs by itself: your flow is paused',
    });
    expect(summarizeHealth([flow('Contacts', 'paused'), flow('Invoices', 'paused')], nobody).headline).toBe(
      'No flow runs by itself: all 2 are paused',
    );
  });

  it('waits for flows that have not run yet', () => {
    expect(summarizeHealth([flow('Contacts', 'never_run')], nobody)).toMatchObject({
      tone: 'waiting',
      headline: 'Your flow has not run yet',
    });
    const none = [flow('A', 'never_run'), flow('B', 'never_run'), flow('C', 'never_run')];
    expect(summarizeHealth(none, nobody).headline).toBe('None of your 3 flows has run yet');
    const some = [flow('A', 'ok'), flow('B', 'never_run'), flow('C', 'never_run')];
    expect(summarizeHealth(some, nobody).headline).toBe('1 of 3 flows are syncing; 2 have not run yet');
    const one = [flow('A', 'ok'), flow('B', 'ok'), flow('C', 'never_run')];
    expect(summarizeHealth(one, nobody).headline).toBe('2 of 3 flows are syncing; 1 has not run yet');
  });
});

describe('typingSaved', () => {
  it('says minutes under an hour, from records × seconds per record', () => {
    expect(typingSaved(48, 0.4, 30)).toEqual({
      figure: '≈ 24 minutes',
      rest: 'of typing saved this week (48 records × 30\u00a0s)',
    });
    expect(typingSaved(1, 0, 60).figure).toBe('≈ 1 minute');
  });

  it('says hours from an hour on', () => {
    expect(typingSaved(120, 1, 30).figure).toBe('≈ 1 hour');
    expect(typingSaved(480, 4, 30).figure).toBe('≈ 4 hours');
    expect(typingSaved(1, 4, 30).rest).toContain('(1 record ×');
  });
});

describe('chartDays', () => {
  const perDay = [
    { day: '2026-03-08', records: 4 },
    { day: '2026-03-09', records: 0 },
    { day: '2026-03-10', records: 12 },
  ];

  it('calls the last day Today and keeps every day with its records, in order', () => {
    const days = chartDays(perDay);
    expect(days.map((d) => [d.day, d.records])).toEqual([
      ['2026-03-08', 4],
      ['2026-03-09', 0],
      ['2026-03-10', 12],
    ]);
    expect(days[2]).toMatchObject({ label: 'Today', longLabel: 'Today' });
    expect(days[0]!.label).toMatch(/\b8\b/);
    expect(days[1]!.longLabel).toMatch(/\b9\b/);
    expect(days[1]!.longLabel).not.toBe(days[1]!.label);
  });

  it("names the server's days by their date on a PC west of UTC too, not the day before", async () => {
    vi.stubEnv('TZ', 'America/Los_Angeles');
    try {
      // Loaded again so its date formats are made in this time zone.
      vi.resetModules();
      const words = await import('./dashboard-words.ts');
      const [sunday, monday] = words.chartDays(perDay);
      expect(sunday!.label).toMatch(/\b8\b/);
      expect(monday!.longLabel).toMatch(/\b9\b/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('whenNext and whenPast', () => {
  // Noon, so adding or taking a few hours stays on the same day in any time zone the test runs in.
  const now = new Date(2026, 2, 10, 12, 0).getTime();
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

  it('picks minutes, hours or days, rounded, and shows the exact time in brackets', () => {
    expect(whenNext(at(12), now)).toMatch(new RegExp(`^${relative.format(12, 'minute')} \\(.+\\)$`));
    expect(whenNext(at(90), now).startsWith(relative.format(2, 'hour'))).toBe(true);
    expect(whenNext(at(30 * 60), now).startsWith(relative.format(1, 'day'))).toBe(true);
    expect(whenNext(at(3 * 24 * 60), now).startsWith(relative.format(3, 'day'))).toBe(true);
  });

  it('says a run whose time has come is due now', () => {
    expect(whenNext(at(0), now)).toMatch(/^due now \(.+\)$/);
    expect(whenNext(at(-5), now)).toMatch(/^due now \(/);
  });

  it('names the weekday only when the next run is on another day', () => {
    const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
    const tomorrow = new Date(now + 24 * 60 * 60_000);
    expect(whenNext(at(60), now)).not.toContain(weekday.format(new Date(now)));
    expect(whenNext(tomorrow.toISOString(), now)).toContain(weekday.format(tomorrow));
  });

  it('says a moment in the past in the largest whole unit', () => {
    expect(whenPast(at(-0.4), now)).toBe('just now');
    expect(whenPast(at(-5), now)).toBe(relative.format(-5, 'minute'));
    expect(whenPast(at(-59.6), now)).toBe(relative.format(-1, 'hour'));
    expect(whenPast(at(-3 * 60), now)).toBe(relative.format(-3, 'hour'));
    expect(whenPast(at(-2 * 24 * 60), now)).toBe(relative.format(-2, 'day'));
  });
});
