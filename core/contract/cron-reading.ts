import cronstrue from 'cronstrue';

/**
 * A custom schedule (cron expression) read aloud, or why Patchbay refuses it, in the
 * same words in the flow form (a live reading as it is typed) and in the core that
 * saves it (core/scheduler/schedule-spec.ts). Patchbay runs a flow at most once a
 * minute: a sixth field would name seconds, and `*\/1 * * * * *` once ran a flow 25
 * times in 25 seconds (issue 14).
 */
export type CronReading = { ok: true; words: string } | { ok: false; problem: string };

export function readCron(text: string): CronReading {
  const clean = text.trim().replace(/\s+/g, ' ');
  const fields = clean === '' ? 0 : clean.split(' ').length;
  if (fields === 6)
    return {
      ok: false,
      problem:
        'it names seconds (6 fields), and Patchbay runs a flow at most once a minute: leave out the first field',
    };
  if (fields !== 5)
    return {
      ok: false,
      problem: `a cron expression has 5 fields (minute hour day month weekday), not ${fields}`,
    };
  try {
    return { ok: true, words: cronstrue.toString(clean, { use24HourTimeFormat: true }) };
  } catch (error) {
    return { ok: false, problem: String(error).replace(/^Error: /, '') };
  }
}
