import type { AppRepository, AuditLog, FlowRepository, InTransaction } from './repositories.ts';
import type { App, Connector } from '../contract/apps.ts';
import { isAddressSetting, settingProblem } from '../contract/connection-settings.ts';
import { ApiError, invalidInputError } from '../contract/errors.ts';
import { parsePlainly } from '../contract/plain-issue.ts';
import { quoted } from '../contract/text-rules.ts';
import { flowInputSchema } from '../contract/flows.ts';
import { hostSettingNames, originOf } from '../connectors/manifest/connection-values.ts';
import { workspaceDocumentSchema, type WorkspaceDocument } from '../contract/workspace.ts';
import { addressesWith, definitionOf, type ConnectorCatalog } from '../connectors/connector-catalog.ts';

import type { AppsService } from './apps-service.ts';
import type { ConnectorsService } from './connectors-service.ts';
import type { FlowsService } from './flows-service.ts';
import type { Clock, Logger } from '../ports.ts';

/** Export and import of a whole setup (docs/workspace-format.md). Never secrets. */
export function createWorkspaceIoService(options: {
  /** One transaction that writes: each change with its audit line, all or nothing. */
  readonly transaction: InTransaction;
  readonly apps: AppRepository;
  readonly flows: FlowRepository;
  readonly appsService: AppsService;
  readonly flowsService: FlowsService;
  readonly catalog: ConnectorCatalog;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly workspaceName: string;
  /** Whether the app has a saved credential (keychain or its facts); true when that cannot be told. */
  readonly hasCredential: (appId: string) => Promise<boolean>;
  readonly logger: Pick<Logger, 'info'>;
  /** Checks and installs the connectors a file brings. */
  readonly connectors: Pick<ConnectorsService, 'check' | 'install'>;
}) {
  const { transaction, apps, flows, appsService, flowsService, catalog, audit, clock } = options;

  return {
    export(): WorkspaceDocument {
      const all = apps.list();
      const nameOf = new Map(all.map((a) => [a.id, a.name]));
      // The connectors the apps use, and every one installed here: a colleague's PC runs them.
      const used = new Set([
        ...all.flatMap((a) => (a.connector ? [a.connector.connector] : [])),
        ...catalog.list().flatMap((entry) => (entry.origin === 'installed' ? [entry.id] : [])),
      ]);
      return {
        format: 'patchbay.workspace',
        version: 2,
        exportedAt: clock.now().toISOString(),
        workspace: { name: options.workspaceName },
        apps: all.map((app) => toAppInput(app, options.logger)),
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
          // Written only when it is not the default, so files stay as they were.
          ...(f.deletedAtSource ? { deletedAtSource: f.deletedAtSource } : {}),
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
      const parsed = parsePlainly(workspaceDocumentSchema, raw);
      if (!parsed.success) throw prefixed(invalidInputError(parsed.error));
      const document = parsed.data;
      const arriving = connectorsToInstall(document.manifests);
      document.apps.forEach((app, i) => {
        const id = app.connector?.connector;
        if (id !== undefined && !catalog.get(id) && !arriving.some((c) => c.id === id)) {
          throw new ApiError(
            'invalid_input',
            `apps.${i}: the connector ${quoted(id)} is not one this Patchbay has.`,
            {
              field: `apps.${i}.connector.connector`,
            },
          );
        }
      });
      if (!allowHostChange) await refuseMovedCredentials(document);
      const summary = {
        appsCreated: 0,
        appsUpdated: 0,
        flowsCreated: 0,
        flowsUpdated: 0,
        connectorsInstalled: [] as {
          id: string;
          version: string;
          change: 'installed' | 'updated';
          hosts: string[];
        }[],
      };
      try {
        transaction(() => {
          for (const { manifest, hosts } of arriving) {
            const { connector, change } = options.connectors.install(manifest, 'a workspace file');
            if (change !== 'unchanged')
              summary.connectorsInstalled.push({
                id: connector.id,
                version: connector.version,
                change,
                hosts,
              });
          }
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
            const input = parsePlainly(flowInputSchema, {
              name: flow.name,
              sourceAppId: appId(flow.source.app, 'source'),
              sourceEntity: flow.source.entity,
              targetAppId: appId(flow.target.app, 'target'),
              targetEntity: flow.target.entity,
              mapping: flow.mapping,
              matchKey: flow.matchKey,
              writeMode: flow.writeMode,
              deletedAtSource: flow.deletedAtSource,
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
      } catch (error) {
        // The installs rolled back with the rest: the catalogue forgets them too.
        catalog.reload();
        throw error;
      }
      return summary;
    },
  };

  /**
   * The connectors a file brings that this workspace does not have as they are: each
   * checked like `connector add` (a bad one refuses the file, naming it). Built-in ones
   * are in the file for the record only: the built-in connector wins.
   */
  function connectorsToInstall(manifests: readonly Record<string, unknown>[]) {
    return manifests.flatMap((manifest, i) => {
      const check = options.connectors.check(manifest);
      const id = check.connector?.id;
      if (id !== undefined && catalog.get(id)?.origin === 'built-in') return [];
      if (!check.valid) {
        const [first] = check.issues;
        throw new ApiError(
          'invalid_input',
          `manifests.${i}: the connector is not valid at ${first!.field}: ${first!.message}`,
          {
            field: `manifests.${i}.${first!.field}`,
          },
        );
      }
      return check.change === 'unchanged' ? [] : [{ id: id!, manifest, hosts: check.hosts }];
    });
  }

  /** Refuses the import when an app that holds a credential would talk to another host. */
  async function refuseMovedCredentials(document: WorkspaceDocument): Promise<void> {
    for (const [i, app] of document.apps.entries()) {
      const id = apps.findIdByName(app.name);
      const current = id === undefined ? undefined : apps.get(id);
      if (!current) continue;
      const moves = movedAddresses(current.connector, app.connector, catalog);
      if (moves.length === 0 || !(await options.hasCredential(current.id))) continue;
      const [move] = moves;
      const setting = settingThatMoved(current.connector, app.connector, move!.setting, catalog);
      throw new ApiError(
        'conflict',
        `apps.${i}: this file moves ${current.name}, which has a saved credential, from ${move!.from} to ` +
          `${move!.to}. Its credential would go to the new host. If you trust the file, import it again ` +
          'and confirm the new address (patchbay workspace import FILE --allow-host-change); nothing was imported.',
        { field: `apps.${i}.connector.config.${setting}` },
      );
    }
  }
}

type Move = { setting: string; from: string; to: string };

/** The hosts (origins) an app's connector sends its credential to, by setting. */
function hostsBySetting(
  connector: Connector | null,
  catalog: Pick<ConnectorCatalog, 'get'>,
): Map<string, string> {
  const hosts = new Map<string, string>();
  if (!connector) return hosts;
  // A templated address (`https://{shop}.myshopify.com`) counts as filled from the
  // settings: a file that changes the shop moves the credential as surely as a new address.
  const entry = catalog.get(connector.connector);
  const defaults = entry ? addressesWith(entry, connector.config) : {};
  const config = new Map(Object.entries(connector.config));
  for (const setting of new Set([...Object.keys(defaults), ...config.keys()])) {
    if (!isAddressSetting(setting)) continue;
    const address = config.get(setting) ?? (Object.hasOwn(defaults, setting) ? defaults[setting] : undefined);
    if (address === undefined) continue;
    hosts.set(setting, originOf(address));
  }
  return hosts;
}

/**
 * The setting to point at: the address setting itself, or, for an address built from
 * settings (`https://{shop}.myshopify.com`), the first of them the file changes.
 */
function settingThatMoved(
  current: Connector | null,
  next: Connector | null,
  setting: string,
  catalog: Pick<ConnectorCatalog, 'get'>,
): string {
  if (!next || setting !== 'baseUrl' || next.config.baseUrl !== undefined) return setting;
  const entry = catalog.get(next.connector);
  if (entry?.kind !== 'rest') return setting;
  const changed = hostSettingNames(entry.manifest.baseUrl).find(
    (name) => current?.config[name] !== next.config[name],
  );
  return changed ?? setting;
}

function movedAddresses(
  current: Connector | null,
  next: Connector | null,
  catalog: Pick<ConnectorCatalog, 'get'>,
): Move[] {
  if (!next) return [];
  const before = hostsBySetting(current, catalog);
  const after = hostsBySetting(next, catalog);
  // An app with a credential but no known address yet (no connector, or one this
  // Patchbay lacks) has no host to keep: any address the file gives it is a move.
  return [...after].flatMap(([setting, to]) => {
    const from = before.get(setting) ?? (before.size === 0 ? 'no address' : undefined);
    return from !== undefined && from !== to ? [{ setting, from, to }] : [];
  });
}

/**
 * An app as the file holds it. A setting an older Patchbay let through that is now
 * known to hold a credential (an `authorization`, an `sk_live_…`) stays out of the file.
 */
function toAppInput(app: App, logger: Pick<Logger, 'info'>) {
  const { id: _id, createdAt: _c, updatedAt: _u, connector, ...input } = app;
  if (!connector) return { ...input, connector };
  const config = Object.fromEntries(
    Object.entries(connector.config).filter(([name, value]) => {
      if (settingProblem(name, value) === undefined) return true;
      logger.info(
        `Left the setting "${name}" of ${app.name} out of the export: it looks like a credential. Move it to the app's credential.`,
      );
      return false;
    }),
  );
  return { ...input, connector: { ...connector, config } };
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
