import { z } from 'zod';
import { failureSchema } from './flows.ts';
import { runCountsSchema, runStatuses, runTriggers } from './sync.ts';

export const runSchema = z.object({
  id: z.number().int(),
  flowId: z.string(),
  flowName: z.string(),
  trigger: z.enum(runTriggers),
  status: z.enum(runStatuses),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  counts: runCountsSchema,
  error: z.string().nullable(),
});
export type Run = z.infer<typeof runSchema>;

export const runFilterSchema = z.object({
  flowId: z.string().optional(),
  status: z.enum(runStatuses).optional(),
  /** Runs started at or after this moment (ISO 8601). */
  from: z.string().optional(),
  /** Runs started before this moment. */
  to: z.string().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});

export const runEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  kind: z.string(),
  message: z.string(),
  recordId: z.string().nullable(),
});

export const runDetailSchema = z.object({
  run: runSchema,
  /** The run's timeline, oldest first. */
  events: z.array(runEventSchema),
  /** Records that failed in this run (and whether they are still open). */
  failures: z.array(failureSchema),
});
