import { z } from 'zod';
import { failureSchema } from './flows.ts';
import { ownRecord, refuseUnsafePath } from './safe-path-schema.ts';
import { runResultSchema } from './sync.ts';
import { inFigures, nameText, proseText } from './text-rules.ts';

// What a person does with one failed record besides retrying it as it is: hand it to
// someone, write a note, open it in its app, correct the values and retry with them
// (issue 14, items 13–15). Pure: the renderer shares these schemas.

const failureIds = z
  .array(z.number().int().positive())
  .min(1, { error: 'Choose at least one failure.' })
  .max(1000, { error: 'Choose at most 1,000 failures at a time.' });

/** A person's name as failures are assigned to it. */
export const assigneeNameSchema = nameText('The name', 80).min(1, { error: 'Write the name of a person.' });

/** Hand failures to a person, or to nobody (`null`). */
export const assignFailuresSchema = z.object({
  ids: failureIds,
  assignee: assigneeNameSchema.nullable(),
});

/** A note on failures that stay where they are (a resolve or an ignore writes its own). */
export const noteFailuresSchema = z.object({
  ids: failureIds,
  note: proseText('The note', 2000),
});

export const failureRefSchema = z.object({
  id: z.number({ error: 'Which failure? Give its number.' }).int().positive(),
});

/** The kinds of value a field of the edit form holds; a number field refuses text. */
export const editValueKinds = ['text', 'number', 'yes/no'] as const;

/** One target field as the edit form shows it. */
export const editFieldSchema = z.object({
  /** The target field (a dotted path for a nested one, `metadata.hubspot_id`). */
  name: z.string(),
  /** What the flow's mapping makes of the record now, or the value an earlier edit gave it. */
  value: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  kind: z.enum(editValueKinds),
  /** The flow needs a value here (a required mapping, or the match key). */
  required: z.boolean(),
  /** False when the target's connector lists its fields and this is not one of them; null when it lists none. */
  known: z.boolean().nullable(),
  /** Why the mapping could not fill it, in words. */
  problem: z.string().nullable(),
});
export type EditField = z.infer<typeof editFieldSchema>;

/** One failure opened for a closer look: the record, its link, and the values to correct. */
export const failureDetailSchema = z.object({
  failure: failureSchema,
  flowName: z.string().nullable(),
  targetAppName: z.string().nullable(),
  targetEntity: z.string().nullable(),
  /** The target fields, in the mapping's order; empty when the flow is gone. */
  fields: z.array(editFieldSchema),
});
export type FailureDetail = z.infer<typeof failureDetailSchema>;

export const maxEditedValueLength = 10_000;

/** A value typed into the edit form: text, a number, yes/no, or null to leave the field out. */
/** A text value typed into the edit form. */
export const editedTextSchema = z.string().max(maxEditedValueLength, {
  error: `A value can be at most ${inFigures(maxEditedValueLength)} characters.`,
});

const editedValueSchema = z.union([editedTextSchema, z.number(), z.boolean(), z.null()], {
  error: 'A value is text, a number, yes/no, or empty.',
});

/** Retry one failed record with corrected values, written instead of what the mapping makes. */
export const retryWithEditSchema = z.object({
  id: failureRefSchema.shape.id,
  values: ownRecord(z.string().min(1).max(200).superRefine(refuseUnsafePath), editedValueSchema).refine(
    (values) => Object.keys(values).length <= 200,
    { error: 'At most 200 fields.' },
  ),
});

export const retryWithEditResultSchema = z.object({ run: runResultSchema });
