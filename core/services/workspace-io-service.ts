import type { App } from '../contract/apps.ts';
import { ApiError, invalidInputError } from '../contract/errors.ts';
import type { ParsedFlowInput } from '../contract/flows.ts';
import { flowInputSchema } from '../contract/flows.ts';
import { workspaceDocumentSchema, type WorkspaceDocument } from '../contract/workspace.ts';
import { ManifestError, parseManifest, type Manifest } from '../connectors/manifest/manifest-schema.ts';
import type { SqliteAppRepository } from '../storage/app-repository.ts';
import type { SqliteAuditLog } from '../storage/audit-repository.ts';
import type { SqliteFlowRepository } from '../storage/flow-repository.ts';
import type { Db } from '../storage/open-database.ts';
import type { AppsService } from './apps-service.ts';
import type { FlowsService } from './flows-service.ts';
import type { Clock } from './ports.ts';

/** Export and import of a whole setup (docs/workspace-format.md). Never secrets. */
export function createWorkspaceIoService(options: {
  readonly db: Db;
  readonly apps: SqliteAppRepository;
  readonly flows: SqliteFlowRepository;
  readonly appsService: AppsService;
  readonly flowsService: FlowsService;
  readonly presets: ReadonlyMap<string, Manifest>;
  readonly audit: SqliteAuditLog;
  readonly clock: Clock;
  readonly workspaceName: string;
}) {
  const { db, apps, flows, appsService, flowsService, presets, audit, clock } = options;

  return {
    export(): WorkspaceDocument {
      const all = apps.list();
      const nameOf = new Map(all.map((a) => [a.id, a.name]));
      const used = new Set(all.flatMap((a) => (a.connector ? [a.connector.preset] : [])));
      return {
        format: 'patchbay.workspace',
        version: 1,
        exportedAt: clock.now().toISOString(),
        workspace: { name: options.workspaceName },
        apps: all.map(toAppInput),
        manifests: [...used].flatMap((id) => {
          const manifest = presets.get(id);
          return manifest ? [manifest as unknown as Record<string, unknown>] : [];
        }),
        flows: flows.list().map((f) => ({
          name: f.name,
          source: { app: nameOf.get(f.sourceAppId) ?? f.sourceAppId, entity: f.sourceEntity },
          target: { app: nameOf.get(f.targetAppId) ?? f.targetAppId, entity: f.targetEntity },
          mapping: f.mapping,
          matchKey: f.matchKey,
          writeMode: f.writeMode,
          schedule: f.schedule,
          catchUp: f.catchUp,
          enabled: f.enabled,
        })),
      };
    },

    /** Creates or updates apps and flows by name, all or nothing. */
    import(raw: unknown) {
      const parsed = workspaceDocumentSchema.safeParse(raw);
      if (!parsed.success) throw prefixed(invalidInputError(parsed.error));
      const document = parsed.data;
      document.manifests.forEach((manifest, i) => {
        try {
          parseManifest(manifest);
        } catch (error) {
          if (error instanceof ManifestError)
            throw new ApiError('invalid_input', `manifests.${i}: ${error.message}`, {
              field: `manifests.${i}.${error.path}`,
            });
          throw error;
        }
      });
      document.apps.forEach((app, i) => {
        if (app.connector && !presets.has(app.connector.preset)) {
          throw new ApiError(
            'invalid_input',
            `apps.${i}: the connector "${app.connector.preset}" is not one this Patchbay has.`,
            {
              field: `apps.${i}.connector.preset`,
            },
          );
        }
      });
      const summary = { appsCreated: 0, appsUpdated: 0, flowsCreated: 0, flowsUpdated: 0 };
      db.transaction(() => {
        for (const app of document.apps) {
          const existing = apps.findIdByName(app.name);
          if (existing) {
            appsService.update(existing, app);
            summary.appsUpdated++;
          } else {
            appsService.create(app);
            summary.appsCreated++;
          }
        }
        document.flows.forEach((flow, i) => {
          const appId = (name: string, side: string) => {
            const id = apps.findIdByName(name);
            if (!id)
              throw new ApiError(
                'invalid_input',
                `flows.${i}: the ${side} app "${name}" is neither in the file nor in the workspace.`,
                { field: `flows.${i}.${side}.app` },
              );
            return id;
          };
          const input: ParsedFlowInput = flowInputSchema.parse({
            name: flow.name,
            sourceAppId: appId(flow.source.app, 'source'),
            sourceEntity: flow.source.entity,
            targetAppId: appId(flow.target.app, 'target'),
            targetEntity: flow.target.entity,
            mapping: flow.mapping,
            matchKey: flow.matchKey,
            writeMode: flow.writeMode,
            schedule: flow.schedule,
            catchUp: flow.catchUp,
            enabled: flow.enabled,
          });
          const existing = flows.find(flow.name);
          if (existing) {
            flowsService.update(existing.id, input);
            summary.flowsUpdated++;
          } else {
            flowsService.create(input);
            summary.flowsCreated++;
          }
        });
        audit.append({
          at: clock.now().toISOString(),
          actor: 'user',
          action: 'workspace.import',
          detail: summary,
        });
      }).immediate();
      return summary;
    },
  };
}

function toAppInput(app: App) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...input } = app;
  return input;
}

function prefixed(error: ApiError): ApiError {
  return new ApiError('invalid_input', `The workspace file is not valid at ${error.message}`, {
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.issues === undefined ? {} : { issues: error.issues }),
  });
}
