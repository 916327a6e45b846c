import { keyFieldsOf } from './composite-key.ts';
import { z } from 'zod';
import { failureExplanationSchema, syncErrorClasses } from './sync-errors.ts';
import { ownRecord, refuseUnsafePath, refuseUnsafeTemplate } from './safe-path-schema.ts';
import { clipped, nameText, quoted } from './text-rules.ts';

// A flow: source app+entity → field mapping → target app+entity, as data.

export const transformSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('trim') }),
    z.object({ type: z.literal('case'), to: z.enum(['lower', 'upper', 'title']) }),
    /** Reads a date (ISO 8601, unix seconds or ms) and writes it as `to`. */
    z.object({ type: z.literal('date'), to: z.enum(['iso8601', 'date', 'unix_seconds', 'unix_ms']) }),
    /** Reads a number (also "1,234.50") and writes it with fixed decimals, or as an integer. */
    z.object({ type: z.literal('number'), decimals: z.number().int().min(0).max(10).optional() }),
    z.object({
      type: z.literal('lookup'),
      table: ownRecord(z.string(), z.string({ error: 'Lookup values must be text, e.g. "Gold".' })),
      /** Used when the value is not in the table; without it, an unknown value is a mapping error. */
      fallback: z.string().optional(),
    }),
  ],
  { error: 'Unknown transform: use trim, case, date, number or lookup.' },
);
export type Transform = z.infer<typeof transformSchema>;

export const fieldMappingSchema = z
  .object({
    /** The field written in the target. */
    target: z.string().trim().min(1, { error: 'Name the target field.' }).superRefine(refuseUnsafePath),
    /** Copy (rename) this source field… */
    source: z.string().trim().min(1).superRefine(refuseUnsafePath).optional(),
    /** …or write this constant… */
    constant: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** …or fill this template, e.g. "{{firstname}} {{lastname}}". */
    template: z.string().superRefine(refuseUnsafeTemplate).optional(),
    transforms: z.array(transformSchema).default([]),
    /** A record without a value here is a mapping failure instead of a write. */
    required: z.boolean().default(false),
  })
  .refine((m) => [m.source, m.constant, m.template].filter((v) => v !== undefined).length === 1, {
    error: 'Give exactly one of source, constant or template.',
  });
export type FieldMapping = z.output<typeof fieldMappingSchema>;

export const writeModes = ['create_only', 'upsert'] as const;

/**
 * What a flow does in the target when the source says a record was deleted: leave the
 * target's record alone (the default), or archive/delete it there where the target can.
 */
export const deletedAtSourceChoices = ['leave', 'remove'] as const;

/** After the PC was off or asleep through scheduled runs: run once, run every missed slot (bounded), or skip. */
export const catchUpPolicies = ['once', 'every', 'skip'] as const;

/** The most fields one flow maps: far more than any app's record has. */
export const maxMappedFields = 200;

export const flowNameSchema = nameText('Flow name', 120).min(1, { error: 'Enter a name for the flow.' });
export const flowMappingSchema = z
  .array(fieldMappingSchema)
  .min(1, { error: 'Map at least one field.' })
  .max(maxMappedFields, { error: `A flow can map at most ${maxMappedFields} fields.` });
/** A target field that identifies the same record in both apps, such as email. */
export const matchKeySchema = z
  .string()
  .trim()
  .min(1, { error: 'Choose the field that identifies a record, such as email.' })
  .max(200, { error: 'The match key can be at most 200 characters.' });
const entityNameSchema = (error: string) => nameText('Entity', 60).min(1, { error });

/** Rules across a flow's fields, shared by the API and the workspace file. */
export function checkFlowMapping(
  flow: { mapping: readonly { target: string }[]; matchKey: string },
  ctx: z.RefinementCtx,
): void {
  const targets = flow.mapping.map((m) => m.target);
  if (!keyFieldsOf(flow.matchKey, targets).every((field) => targets.includes(field))) {
    ctx.addIssue({
      code: 'custom',
      path: ['matchKey'],
      message: `The match key ${quoted(flow.matchKey)} must be one of the mapped target fields (or several joined by +, such as order_no + line_no).`,
    });
  }
  const seen = new Set<string>();
  flow.mapping.forEach((m, i) => {
    if (seen.has(m.target))
      ctx.addIssue({
        code: 'custom',
        path: ['mapping', i, 'target'],
        message: `${clipped(m.target)} is mapped twice.`,
      });
    seen.add(m.target);
  });
}

export const flowInputSchema = z
  .object({
    name: flowNameSchema,
    sourceAppId: z.string().min(1, { error: 'Choose the app to read from.' }).max(200),
    sourceEntity: entityNameSchema('Choose what to read, for example Contacts.'),
    targetAppId: z.string().min(1, { error: 'Choose the app to write to.' }).max(200),
    targetEntity: entityNameSchema('Choose what to write, for example Customers.'),
    mapping: flowMappingSchema,
    matchKey: matchKeySchema,
    writeMode: z.enum(writeModes).default('upsert'),
    deletedAtSource: z.enum(deletedAtSourceChoices).default('leave'),
    /** "every 15 minutes", "hourly", "daily at 08:00", "weekdays at 08:00" or a cron expression. */
    schedule: z
      .string()
      .trim()
      .max(200, { error: 'A schedule can be at most 200 characters.' })
      .nullable()
      .default(null),
    catchUp: z.enum(catchUpPolicies).default('once'),
    enabled: z.boolean().default(true),
  })
  .superRefine(checkFlowMapping);
export type FlowInput = z.input<typeof flowInputSchema>;
export type ParsedFlowInput = z.output<typeof flowInputSchema>;

export const flowSchema = z.object({
  id: z.string(),
  name: z.string(),
  sourceAppId: z.string(),
  sourceEntity: z.string(),
  targetAppId: z.string(),
  targetEntity: z.string(),
  mapping: z.array(fieldMappingSchema),
  matchKey: z.string(),
  writeMode: z.enum(writeModes),
  /** Left out means "leave": the target's record stays when the source deletes it. */
  deletedAtSource: z.enum(deletedAtSourceChoices).optional(),
  schedule: z.string().nullable(),
  catchUp: z.enum(catchUpPolicies),
  enabled: z.boolean(),
  /** Why the flow is paused (an app to reconnect, an app unreachable), when it is. */
  pausedReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Flow = z.infer<typeof flowSchema>;

/**
 * The states of a failed record: the one list, here because the renderer shares it.
 * core/failures/README.md draws who moves a failure from one to another.
 */
export const failureStates = ['open', 'needs-attention', 'resolved', 'ignored'] as const;

export const failureSchema = z.object({
  id: z.number().int(),
  flowId: z.string(),
  /** The flow's name, kept when the flow is deleted; null only for one deleted before names were kept. */
  flowName: z.string().nullable(),
  /** The flow was deleted; its failures stay in the history. */
  flowDeleted: z.boolean(),
  runId: z.number().int().nullable(),
  sourceRecordId: z.string(),
  payload: z.record(z.string(), z.unknown()),
  errorClass: z.enum(syncErrorClasses),
  /** The kind of problem in words and what to do, the same for every failure of its class. */
  explanation: failureExplanationSchema,
  message: z.string(),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  state: z.enum(failureStates),
  note: z.string().nullable(),
  /** The person the failure was handed to, if anyone. */
  assignee: z.string().nullable(),
  /**
   * The record's page in the app it came from, where its connector declares a record
   * address (`recordUrl` in the manifest): "Open in HubSpot".
   */
  sourceLink: z.object({ url: z.string(), appName: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Failure = z.infer<typeof failureSchema>;

export const failureFilterSchema = z.object({
  flowId: z.string().optional(),
  runId: z.number().int().optional(),
  /** Unresolved (open, needs attention) unless states are given. */
  states: z.array(z.enum(failureStates)).optional(),
  /** Only failures handed to this person; `null` for those handed to nobody. */
  assignee: z.string().max(80).nullable().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});
export type FailureFilter = z.output<typeof failureFilterSchema>;
