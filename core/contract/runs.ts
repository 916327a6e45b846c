import { z } from 'zod';
import { failureSchema } from './flows.ts';
import { runCountsSchema, runStatuses, runTriggers } from './sync.ts';

export const runSchema = z.object({
  id: z.number().int(),
  flowId: z.string(),
  flowName: z.string(),
  /** The flow was deleted; its runs stay in the history under its last name. */
  flowDeleted: z.boolean(),
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

/** "Find a record": a business key (email, order number) or an id, in either app. */
export const recordSearchSchema = z.object({
  query: z
    .string()
    .trim()
    .min(1, { error: 'Type an email, an order number or a record id to look for.' })
    .max(200, { error: 'Type at most 200 characters to look for.' }),
  limit: z.number().int().min(1).max(100).default(20),
});

export const recordOutcomeKinds = ['created', 'updated', 'unchanged', 'failed', 'deleted'] as const;

export const recordHistorySchema = z.object({
  flowId: z.string(),
  flowName: z.string(),
  flowDeleted: z.boolean(),
  sourceRecordId: z.string(),
  /** The record's match-key value (its email, order number), when it was ever mapped. */
  key: z.string().nullable(),
  targetRecordId: z.string().nullable(),
  /** Every run still in the history that read this record, newest first. */
  runs: z.array(
    z.object({
      runId: z.number().int(),
      startedAt: z.string(),
      trigger: z.enum(runTriggers),
      outcome: z.enum(recordOutcomeKinds),
    }),
  ),
  /** The record's failures, newest first, whatever became of them. */
  failures: z.array(failureSchema),
});
export type RecordHistory = z.infer<typeof recordHistorySchema>;
