import { z } from 'zod';
import { appInputSchema } from './apps.ts';
import {
  catchUpPolicies,
  checkFlowMapping,
  flowMappingSchema,
  flowNameSchema,
  matchKeySchema,
  deletedAtSourceChoices,
  writeModes,
} from './flows.ts';
import { inFigures, nameText, quoted } from './text-rules.ts';

/**
 * What one workspace file may hold (docs/workspace-format.md). A file past these is
 * refused before anything is read into memory, so a stranger's file cannot exhaust it.
 */
export const workspaceFileLimits = {
  bytes: 5 * 1024 * 1024,
  apps: 500,
  flows: 1000,
  manifests: 50,
} as const;

const appRef = z.object({
  app: nameText('App', 80).min(1, { error: 'Name the app.' }),
  entity: nameText('Entity', 60).min(1, { error: 'Name the entity.' }),
});

/**
 * The workspace file (docs/workspace-format.md): a whole setup an IT consultant can
 * hand over: apps, the connector manifests they use, flows and schedules. Never
 * secrets. Flows name their apps by name so the file reads (and diffs) well.
 */
export const workspaceDocumentSchema = z
  .object({
    format: z.literal('patchbay.workspace', {
      error: 'This is not a Patchbay workspace file (format must be "patchbay.workspace").',
    }),
    /** 2 names each app's connector by kind (`{ kind: "rest", connector, config }`); 1 named a preset. */
    version: z.union([z.literal(1), z.literal(2)], {
      error: 'This workspace file was written by a newer Patchbay (version must be 1 or 2).',
    }),
    exportedAt: z.string().max(100).optional(),
    workspace: z.object({ name: z.string().max(200) }).optional(),
    apps: z
      .array(appInputSchema)
      .max(workspaceFileLimits.apps, {
        error: `A workspace file can hold at most ${workspaceFileLimits.apps} apps.`,
      })
      .default([]),
    /** The connector manifests the apps use, for the record; the catalogue's connectors win on import. */
    manifests: z
      .array(z.record(z.string(), z.unknown()))
      .max(workspaceFileLimits.manifests, {
        error: `A workspace file can hold at most ${workspaceFileLimits.manifests} manifests.`,
      })
      .default([]),
    flows: z
      .array(
        z
          .object({
            name: flowNameSchema,
            source: appRef,
            target: appRef,
            mapping: flowMappingSchema,
            matchKey: matchKeySchema,
            writeMode: z.enum(writeModes).default('upsert'),
            /** Left out means "leave": the target's record stays when the source deletes it. */
            deletedAtSource: z.enum(deletedAtSourceChoices).optional(),
            schedule: z.string().trim().max(200).nullable().default(null),
            catchUp: z.enum(catchUpPolicies).default('once'),
            enabled: z.boolean().default(true),
          })
          .superRefine(checkFlowMapping),
      )
      .max(workspaceFileLimits.flows, {
        error: `A workspace file can hold at most ${inFigures(workspaceFileLimits.flows)} flows.`,
      })
      .default([]),
  })
  .superRefine((document, ctx) => {
    refuseTwins(document.apps, 'apps', 'An app', ctx);
    refuseTwins(document.flows, 'flows', 'A flow', ctx);
  });
export type WorkspaceDocument = z.output<typeof workspaceDocumentSchema>;

/** `workspace.import`: the document, and whether an app with a saved credential may move to another host. */
export const workspaceImportInputSchema = z.object({
  document: z.unknown(),
  /** A changed address of an app with a credential is refused unless the user confirmed it. */
  allowHostChange: z.boolean().default(false),
});

export const importSummarySchema = z.object({
  appsCreated: z.number().int(),
  appsUpdated: z.number().int(),
  flowsCreated: z.number().int(),
  flowsUpdated: z.number().int(),
  /** Connectors the file installed or updated, with the hosts they will send credentials to. */
  connectorsInstalled: z.array(
    z.object({
      id: z.string(),
      version: z.string(),
      change: z.enum(['installed', 'updated']),
      hosts: z.array(z.string()),
    }),
  ),
});

/** Names are unique without case in a workspace, so one file cannot say two things about one name. */
function refuseTwins(
  items: readonly { name: string }[],
  list: 'apps' | 'flows',
  what: string,
  ctx: z.RefinementCtx,
): void {
  const first = new Map<string, number>();
  items.forEach((item, index) => {
    const key = item.name.toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else
      ctx.addIssue({
        code: 'custom',
        path: [list, index, 'name'],
        message: `${what} called ${quoted(item.name)} is in the file twice (${list}.${earlier} and ${list}.${index}); keep one.`,
      });
  });
}
