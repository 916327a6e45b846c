import cron from 'node-cron';
import type { ScheduleTimers } from './scheduler.ts';

/** The scheduler's timers on node-cron, in the given time zone. */
export const nodeCronTimers: ScheduleTimers = {
  watch(_key, expression, timeZone, onTime) {
    const task = cron.schedule(expression, () => onTime(), { timezone: timeZone });
    return { stop: () => void task.destroy() };
  },
};
