import { z } from 'zod';
import { flowInputSchema } from './flows.ts';

/**
 * How a run ended. `paused`: it stopped at its last saved page because an app's daily
 * budget is spent (no fault of the run: it carries on after the reset). Runs stored
 * before `paused` existed stay `failed`.
 */
export const runStatuses = ['running', 'succeeded', 'partial', 'failed', 'cancelled', 'paused'] as const;
/**
 * Who started a run. 'manual' is an API call that did not say where it came from (and
 * every run by hand before Patchbay told them apart); 'ui' is Sync now, 'cli' is
 * `patchbay flow run`, 'first-start' the demo's first sync, 'file-change' a file landing
 * in a watched folder.
 */
export const runTriggers = [
  'schedule',
  'manual',
  'retry',
  'catch-up',
  'cli',
  'ui',
  'first-start',
  'file-change',
] as const;
/** The triggers a caller of `flows.run` may name; the others belong to the scheduler and the retries. */
export const runStarters = ['ui', 'cli', 'first-start'] as const;

export const runCountsSchema = z.object({
  read: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  /** Records the source said were deleted (left out when none). */
  deleted: z.number().int().optional(),
});

export const runResultSchema = z.object({
  runId: z.number().int(),
  status: z.enum(runStatuses),
  counts: runCountsSchema,
  error: z.string().optional(),
  /** For a failed run: what kind of failure (auth, network, …) and which app it came from. */
  errorClass: z.string().optional(),
  errorApp: z.string().optional(),
});
export type RunResultData = z.infer<typeof runResultSchema>;

export const dryRunReportSchema = z.object({
  read: z.number().int(),
  wouldCreate: z.number().int(),
  wouldUpdate: z.number().int(),
  unchanged: z.number().int(),
  wouldFail: z.number().int(),
  samples: z.array(
    z.object({
      sourceId: z.string(),
      action: z.enum(['create', 'update']),
      record: z.record(z.string(), z.unknown()),
      /** For an update: the record in the target, and each field that would change in it. */
      targetId: z.string().optional(),
      changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })).optional(),
    }),
  ),
  failures: z.array(z.object({ sourceId: z.string(), message: z.string() })),
  /** What the counts cannot know, in words. */
  notes: z.array(z.string()),
});

export const checkpointSchema = z.object({
  cursor: z.string(),
  page: z.record(z.string(), z.unknown()).optional(),
  passMax: z.string().optional(),
});

export const flowRefSchema = z.object({
  id: z.string().min(1, { error: 'Which flow? Give its id or name.' }),
});

export const flowRunSchema = flowRefSchema.extend({
  /** Where the run was started, kept with the run ("Started by" in Runs). */
  startedFrom: z.enum(runStarters).optional(),
});

export const moveCursorSchema = z.object({
  id: z.string().min(1, { error: 'Which flow? Give its id or name.' }),
  // One object rather than a union, so a bad date gets its own message, not "Invalid input".
  to: z
    .object({
      date: z
        .string()
        .refine(
          (v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v)),
          {
            error: 'Give the date as ISO 8601, e.g. 2026-11-01 or 2026-11-01T00:00:00Z.',
          },
        )
        .optional(),
      reset: z.literal(true).optional(),
    })
    .refine((to) => (to.date === undefined) !== (to.reset === undefined), {
      error: 'Give either a date to rewind to, or reset for a full re-read.',
    }),
  dryRun: z.boolean().default(false),
});

export const moveCursorResultSchema = z.object({
  flowId: z.string(),
  cursor: z.string(),
  wouldReread: z.number().int().nullable(),
  wouldWrite: z.number().int().nullable(),
  changed: z.boolean(),
});

export const retrySelectionSchema = z.union([
  z.object({ ids: z.array(z.number().int().positive()).min(1, { error: 'Choose at least one failure.' }) }),
  z.object({ runId: z.number().int().positive() }),
  z.object({ flowId: z.string().min(1) }),
  z.object({ all: z.literal(true) }),
]);

export const closeFailuresSchema = z.object({
  ids: z.array(z.number().int().positive()).min(1, { error: 'Choose at least one failure.' }),
  note: z.string().trim().min(1, { error: 'Add a note saying why.' }).max(2000),
});

export const secretInputSchema = z.object({
  appId: z.string().min(1),
  value: z.string().min(1, { error: 'The secret is empty.' }).max(65_536),
});

export const circuitKinds = ['auth', 'unreachable', 'budget'] as const;

export const appCircuitSchema = z.object({
  appId: z.string(),
  kind: z.enum(circuitKinds),
  reason: z.string(),
  openedAt: z.string(),
  probes: z.number().int(),
  /** A spent daily budget: when it resets and the flows resume by themselves. */
  pausedUntil: z.string().nullable(),
});

/** A mapping tried on a few of the source's records before it is saved. */
export const previewInputSchema = z.object({
  flow: flowInputSchema,
  sampleSize: z
    .number()
    .int()
    .min(1, { error: 'Preview at least 1 record.' })
    .max(20, { error: 'Preview at most 20 records.' })
    .default(5),
});

export const previewResultSchema = z.object({
  samples: z.array(
    z.object({
      sourceId: z.string(),
      /** The record as the source app gave it. */
      source: z.record(z.string(), z.unknown()),
      /** What the target would receive; null when the mapping refuses the record. */
      target: z.record(z.string(), z.unknown()).nullable(),
      /** Why the mapping refused it, in words. */
      problem: z.string().nullable(),
    }),
  ),
  /** Mapped fields neither app is known to have (`emial`), by where they sit in the flow (`mapping.0.source`). */
  warnings: z.array(z.object({ field: z.string(), message: z.string() })),
});
