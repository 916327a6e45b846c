import { z } from 'zod';
import { catchUpPolicies } from './flows.ts';

export const scheduleLogKinds = ['skipped', 'caught_up', 'missed', 'alert'] as const;

export const scheduleLogEntrySchema = z.object({
  id: z.number().int(),
  flowId: z.string().nullable(),
  at: z.string(),
  kind: z.enum(scheduleLogKinds),
  message: z.string(),
});
export type ScheduleLogEntry = z.infer<typeof scheduleLogEntrySchema>;

/** Runs the scheduler starts by itself: on time, to catch up, or because a watched folder changed. */
const scheduledTrigger = z.enum(['schedule', 'catch-up', 'file-change']);

export const schedulerStatusSchema = z.object({
  /** The whole scheduler is paused: no flow runs by itself. */
  paused: z.boolean(),
  running: z.array(z.object({ flowId: z.string(), trigger: scheduledTrigger })),
  /** Waiting for a free slot under the limit on runs at once. */
  queued: z.array(z.object({ flowId: z.string(), trigger: scheduledTrigger })),
  flows: z.array(
    z.object({
      flowId: z.string(),
      schedule: z.string(),
      /** The schedule in words, e.g. "At 08:00, Monday through Friday". */
      words: z.string(),
      catchUp: z.enum(catchUpPolicies),
      /** Null while the flow is paused. */
      nextRunAt: z.string().nullable(),
    }),
  ),
  /** What the scheduler decided lately, newest first. */
  log: z.array(scheduleLogEntrySchema),
  /**
   * Null while this process runs the schedules (or nobody does); otherwise who does, in
   * words: "Schedules are run by the background service (…)" when `patchbay service`
   * runs them and the desktop app only shows the workspace.
   */
  runElsewhere: z.string().nullable(),
});
