import { CronExpressionParser } from 'cron-parser';
import { readCron } from '../contract/cron-reading.ts';

/**
 * A flow's schedule as people write it: a simple choice ("every 15 minutes", "hourly",
 * "daily at 08:00", "weekdays at 08:00") or a cron expression of 5 fields (never
 * seconds: a flow runs at most once a minute), always in the PC's time zone.
 */
export interface Schedule {
  /** What the user wrote, kept as is. */
  text: string;
  cron: string;
  /** In words, e.g. "Every weekday at 08:00". */
  words: string;
}

const time = String.raw`(\d{1,2}):(\d{2})`;
const simple: [RegExp, (m: RegExpMatchArray) => { cron: string; words: string } | undefined][] = [
  [
    /^every (\d{1,2}) minutes?$/,
    (m) => {
      const n = Number(m[1]);
      return n >= 1 && n <= 59 && 60 % n === 0
        ? { cron: `*/${n} * * * *`, words: n === 1 ? 'Every minute' : `Every ${n} minutes` }
        : undefined;
    },
  ],
  [/^(hourly|every hour)$/, () => ({ cron: '0 * * * *', words: 'Every hour, on the hour' })],
  [
    new RegExp(`^(daily|every day) at ${time}$`),
    (m) => at(m[2]!, m[3]!, '*', (hhmm) => `Every day at ${hhmm}`),
  ],
  [
    new RegExp(`^(weekdays|every weekday) at ${time}$`),
    (m) => at(m[2]!, m[3]!, '1-5', (hhmm) => `Every weekday at ${hhmm}`),
  ],
];

function at(h: string, m: string, days: string, words: (hhmm: string) => string) {
  const hour = Number(h);
  const minute = Number(m);
  if (hour > 23 || minute > 59) return undefined;
  const hhmm = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return { cron: `${minute} ${hour} * * ${days}`, words: words(hhmm) };
}

export class ScheduleError extends Error {
  constructor(text: string, detail: string) {
    super(
      `"${text}" is not a schedule Patchbay understands (${detail}). Write "every 15 minutes", "hourly", "daily at 08:00", "weekdays at 08:00" or a cron expression such as "0 8 * * 1-5".`,
    );
    this.name = 'ScheduleError';
  }
}

export function parseSchedule(text: string): Schedule {
  const clean = text.trim().replace(/\s+/g, ' ');
  const lower = clean.toLowerCase();
  for (const [pattern, build] of simple) {
    const match = lower.match(pattern);
    if (!match) continue;
    const built = build(match);
    if (!built) throw new ScheduleError(clean, 'the numbers are out of range');
    return { text: clean, ...built };
  }
  const reading = readCron(clean);
  if (!reading.ok) throw new ScheduleError(clean, reading.problem);
  try {
    CronExpressionParser.parse(clean, { strict: false });
  } catch (error) {
    throw new ScheduleError(clean, (error as Error).message);
  }
  return { text: clean, cron: clean, words: reading.words };
}

/** The scheduled moments after `from` up to and including `to`, at most `limit` of them. */
export function slotsBetween(
  schedule: Schedule,
  from: Date,
  to: Date,
  timeZone: string,
  limit: number,
): Date[] {
  if (to <= from) return [];
  const expression = CronExpressionParser.parse(schedule.cron, {
    currentDate: from,
    endDate: to,
    tz: timeZone,
  });
  const slots: Date[] = [];
  while (slots.length < limit && expression.hasNext()) slots.push(expression.next().toDate());
  return slots;
}

export function nextSlot(schedule: Schedule, after: Date, timeZone: string): Date {
  return CronExpressionParser.parse(schedule.cron, { currentDate: after, tz: timeZone }).next().toDate();
}
