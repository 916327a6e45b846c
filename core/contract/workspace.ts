import { z } from 'zod';
import { appInputSchema } from './apps.ts';
import { catchUpPolicies, fieldMappingSchema, writeModes } from './flows.ts';

/**
 * The workspace file (docs/workspace-format.md): a whole setup an IT consultant can
 * hand over: apps, the connector manifests they use, flows and schedules. Never
 * secrets. Flows name their apps by name so the file reads (and diffs) well.
 */
export const workspaceDocumentSchema = z.object({
  format: z.literal('patchbay.workspace', {
    error: 'This is not a Patchbay workspace file (format must be "patchbay.workspace").',
  }),
  version: z.literal(1, {
    error: 'This workspace file was written by a newer Patchbay (version must be 1).',
  }),
  exportedAt: z.string().optional(),
  workspace: z.object({ name: z.string() }).optional(),
  apps: z.array(appInputSchema).default([]),
  /** The connector manifests the apps use, for the record; built-in presets win on import. */
  manifests: z.array(z.record(z.string(), z.unknown())).default([]),
  flows: z
    .array(
      z.object({
        name: z.string().trim().min(1),
        source: z.object({ app: z.string().min(1), entity: z.string().min(1) }),
        target: z.object({ app: z.string().min(1), entity: z.string().min(1) }),
        mapping: z.array(fieldMappingSchema).min(1),
        matchKey: z.string().min(1),
        writeMode: z.enum(writeModes).default('upsert'),
        schedule: z.string().nullable().default(null),
        catchUp: z.enum(catchUpPolicies).default('once'),
        enabled: z.boolean().default(true),
      }),
    )
    .default([]),
});
export type WorkspaceDocument = z.output<typeof workspaceDocumentSchema>;

export const importSummarySchema = z.object({
  appsCreated: z.number().int(),
  appsUpdated: z.number().int(),
  flowsCreated: z.number().int(),
  flowsUpdated: z.number().int(),
});
