import type { AppRepository, AuditLog, FlowRepository, InTransaction } from './repositories.ts';
import type { App, Connector } from '../contract/apps.ts';
import { isAddressSetting } from '../contract/connection-settings.ts';
import { ApiError, invalidInputError } from '../contract/errors.ts';
import { quoted } from '../contract/text-rules.ts';
import { flowInputSchema } from '../contract/flows.ts';
import { workspaceDocumentSchema, type WorkspaceDocument } from '../contract/workspace.ts';
import { definitionOf, type ConnectorCatalog } from '../connectors/connector-catalog.ts';
import { ManifestError, parseManifest } from '../connectors/manifest/manifest-schema.ts';

import type { AppsService } from './apps-service.ts';
import type { FlowsService } from './flows-service.ts';
import type { Clock } from '../ports.ts';

/** Export and import of a whole setup (docs/workspace-format.md). Never secrets. */
export function createWorkspaceIoService(options: {
  /** One transaction that writes: each change with its audit line, all or nothing. */
  readonly transaction: InTransaction;
  readonly apps: AppRepository;
  readonly flows: FlowRepository;
  readonly appsService: AppsService;
  readonly flowsService: FlowsService;
  readonly catalog: Pick<ConnectorCatalog, 'get'>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly workspaceName: string;
  /** Whether the app has a saved credential (keychain or its facts); true when that cannot be told. */
  readonly hasCredential: (appId: string) => Promise<boolean>;
}) {
  const { transaction, apps, flows, appsService, flowsService, catalog, audit, clock } = options;

  return {
    export(): WorkspaceDocument {
      const all = apps.list();
      const nameOf = new Map(all.map((a) => [a.id, a.name]));
      const used = new Set(all.flatMap((a) => (a.connector ? [a.connector.connector] : [])));
      return {
        format: 'patchbay.workspace',
        version: 2,
        exportedAt: clock.now().toISOString(),
        workspace: { name: options.workspaceName },
        apps: all.map(toAppInput),
        manifests: [...used].flatMap((id) => {
          const entry = catalog.get(id);
          return entry ? [definitionOf(entry)] : [];
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

    /**
     * Creates or updates apps and flows by name, all or nothing. An app that has a
     * credential keeps its host unless `allowHostChange`: a file must not be able to
     * send a saved key to another server.
     */
    async import(raw: unknown, { allowHostChange = false } = {}) {
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
        if (app.connector && !catalog.get(app.connector.connector)) {
          throw new ApiError(
            'invalid_input',
            `apps.${i}: the connector ${quoted(app.connector.connector)} is not one this Patchbay has.`,
            {
              field: `apps.${i}.connector.connector`,
            },
          );
        }
      });
      if (!allowHostChange) await refuseMovedCredentials(document);
      const summary = { appsCreated: 0, appsUpdated: 0, flowsCreated: 0, flowsUpdated: 0 };
      transaction(() => {
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
          const input = flowInputSchema.safeParse({
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
          if (!input.success) throw prefixed(invalidInputError(input.error), `flows.${i}`);
          const existing = flows.find(flow.name);
          if (existing) {
            flowsService.update(existing.id, input.data);
            summary.flowsUpdated++;
          } else {
            flowsService.create(input.data);
            summary.flowsCreated++;
          }
        });
        audit.append({
          at: clock.now().toISOString(),
          actor: 'user',
          action: 'workspace.import',
          detail: summary,
        });
      });
      return summary;
    },
  };

  /** Refuses the import when an app that holds a credential would talk to another host. */
  async function refuseMovedCredentials(document: WorkspaceDocument): Promise<void> {
    for (const [i, app] of document.apps.entries()) {
      const id = apps.findIdByName(app.name);
      const current = id === undefined ? undefined : apps.get(id);
      if (!current?.connector) continue;
      const moves = movedAddresses(current.connector, app.connector, catalog);
      if (moves.length === 0 || !(await options.hasCredential(current.id))) continue;
      const [move] = moves;
      throw new ApiError(
        'conflict',
        `apps.${i}: this file moves ${current.name}, which has a saved credential, from ${move!.from} to ` +
          `${move!.to}. Its credential would go to the new host. If you trust the file, import it again ` +
          'and confirm the new address (patchbay workspace import FILE --allow-host-change); nothing was imported.',
        { field: `apps.${i}.connector.config.${move!.setting}` },
      );
    }
  }
}

type Move = { setting: string; from: string; to: string };

/** The hosts (origins) an app's connector sends its credential to, by setting. */
function hostsOf(connector: Connector | null, catalog: Pick<ConnectorCatalog, 'get'>): Map<string, string> {
  const hosts = new Map<string, string>();
  if (!connector) return hosts;
  const defaults = catalog.get(connector.connector)?.addresses ?? {};
  const config = new Map(Object.entries(connector.config));
  for (const setting of new Set([...Object.keys(defaults), ...config.keys()])) {
    if (!isAddressSetting(setting)) continue;
    const address = config.get(setting) ?? (Object.hasOwn(defaults, setting) ? defaults[setting] : undefined);
    if (address === undefined) continue;
    hosts.set(setting, URL.canParse(address) ? new URL(address).origin : address);
  }
  return hosts;
}

function movedAddresses(
  current: Connector,
  next: Connector | null,
  catalog: Pick<ConnectorCatalog, 'get'>,
): Move[] {
  if (!next) return [];
  const before = hostsOf(current, catalog);
  const after = hostsOf(next, catalog);
  return [...after].flatMap(([setting, to]) => {
    const from = before.get(setting);
    return from !== undefined && from !== to ? [{ setting, from, to }] : [];
  });
}

function toAppInput(app: App) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...input } = app;
  return input;
}

/** The error named by where it sits in the file (`flows.2.mapping.0.target: …`). */
function prefixed(error: ApiError, at?: string): ApiError {
  const within = (field: string) => (at === undefined ? field : `${at}.${field}`);
  const issues = error.issues?.map((issue) => ({ ...issue, field: within(issue.field) }));
  return new ApiError(
    'invalid_input',
    `The workspace file is not valid at ${at ? `${at}.` : ''}${error.message}`,
    {
      ...(error.field === undefined ? {} : { field: within(error.field) }),
      ...(issues === undefined ? {} : { issues }),
    },
  );
}

export type WorkspaceIoService = ReturnType<typeof createWorkspaceIoService>;
