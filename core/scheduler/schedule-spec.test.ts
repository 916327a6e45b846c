import { expect, it } from 'vitest';
import { readCron } from '../contract/cron-reading.ts';
import { parseSchedule } from './schedule-spec.ts';

// Issue 14, item 9: `*/1 * * * * *` was accepted and ran a flow ~25 times in 25 seconds.
it('refuses a cron expression with seconds, in plain words, and reads a 5-field one aloud', () => {
  expect(() => parseSchedule('*/1 * * * * *')).toThrow(
    '"*/1 * * * * *" is not a schedule Patchbay understands (it names seconds (6 fields), and Patchbay runs a flow at most once a minute: leave out the first field).',
  );
  expect(() => parseSchedule('0 0 8 * * 1-5')).toThrow(/at most once a minute/);
  expect(() => parseSchedule('0 8 * *')).toThrow(/has 5 fields \(minute hour day month weekday\), not 4/);
  expect(parseSchedule('0 8 * * 1-5')).toMatchObject({
    cron: '0 8 * * 1-5',
    words: 'At 08:00, Monday through Friday',
  });
  expect(parseSchedule('* * * * *').words).toBe('Every minute');
  expect(parseSchedule('every 15 minutes').cron).toBe('*/15 * * * *');
});

it('gives the flow form the same reading as the schedule that is saved', () => {
  expect(readCron('30 9 * * *')).toEqual({ ok: true, words: 'At 09:30' });
  expect(readCron('*/1 * * * * *')).toMatchObject({ ok: false, problem: expect.stringContaining('seconds') });
  expect(readCron('61 * * * *')).toMatchObject({ ok: false });
});
