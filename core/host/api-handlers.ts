import type { RunTrigger } from '../engine/run-store.ts';
import type { Handlers } from '../contract/dispatch.ts';
import { summaryOf, type ConnectorCatalog } from '../connectors/connector-catalog.ts';
import type { OAuthConnect } from '../secrets/oauth/oauth-connect.ts';
import type { AppCircuits } from '../services/app-circuits-service.ts';
import type { AppsService } from '../services/apps-service.ts';
import type { AuditService } from '../services/audit-service.ts';
import type { FailuresService } from '../services/failures-service.ts';
import type { ConnectorsService } from '../services/connectors-service.ts';
import type { CredentialsService } from '../services/credentials-service.ts';
import type { ConnectionsService } from '../services/connections-service.ts';
import type { DashboardService } from '../services/dashboard-service.ts';
import type { FlowsService } from '../services/flows-service.ts';
import type { HealthService } from '../services/health-service.ts';
import type { RunsService } from '../services/runs-service.ts';
import type { SchedulerControl } from '../services/scheduler-control.ts';
import type { SecretsService } from '../services/secrets-service.ts';
import type { SettingsService } from '../services/settings-service.ts';
import type { SyncService } from '../services/sync-service.ts';
import type { WorkspaceIoService } from '../services/workspace-io-service.ts';

export interface ApiServices {
  readonly health: HealthService;
  readonly apps: AppsService;
  readonly catalog: ConnectorCatalog;
  readonly connectors: ConnectorsService;
  readonly flows: FlowsService;
  readonly scheduler: SchedulerControl;
  /** Runs the missed slots now; needs the workspace's lease. */
  readonly catchUp: SchedulerCatchUp;
  readonly runs: RunsService;
  readonly dashboard: DashboardService;
  readonly settings: SettingsService;
  readonly sync: SyncService;
  readonly failures: FailuresService;
  readonly audit: AuditService;
  /** Runs work that syncs under the workspace's lease (the caller is refused, by name of the owner, without it). */
  readonly owned: <T>(work: () => T) => T;
  /** "Sync now": run here, or asked of the process holding the lease (create-core.ts). */
  readonly runNow: (flowId: string, trigger: RunTrigger) => ReturnType<Handlers['flows.run']>;
  readonly secrets: SecretsService;
  readonly circuits: AppCircuits;
  readonly credentials: CredentialsService;
  readonly connections: ConnectionsService;
  readonly oauth: OAuthConnect;
  readonly workspaceIo: WorkspaceIoService;
  /** Flows or schedules changed: the scheduler's timers follow. */
  readonly changedFlows: () => void;
}

type SchedulerCatchUp = () => ReturnType<Handlers['scheduler.catchUp']>;

/**
 * The API contract's methods, each handed to the service that owns it. Rules live in
 * the services; this table only routes, so every transport reaches the same use cases.
 */
export function createApiHandlers(s: ApiServices): Handlers {
  const changed = <T>(result: T): T => (s.changedFlows(), result);
  return {
    'health.get': () => s.health.get(),
    'apps.list': () => s.apps.list(),
    'apps.get': ({ id }) => s.apps.get(id),
    'apps.create': (input) => s.apps.create(input),
    'apps.update': ({ id, app }) => s.apps.update(id, app),
    'apps.delete': ({ id }) => s.apps.delete(id),
    'apps.circuits': () => s.circuits.list(),
    'apps.connections': () => s.connections.list(),
    'apps.entities': ({ id }) => s.sync.entitiesOf(id),
    'connectors.list': () => s.catalog.list().map(summaryOf),
    'connectors.check': ({ manifest }) => s.connectors.check(manifest),
    'connectors.install': ({ manifest, source }) => s.connectors.install(manifest, source),
    'connectors.remove': ({ id }) => s.connectors.remove(id),
    'flows.list': () => s.flows.list(),
    'flows.get': ({ id }) => s.flows.get(id),
    'flows.create': (input) => changed(s.flows.create(input)),
    'flows.update': ({ id, flow }) => changed(s.flows.update(id, flow)),
    'flows.delete': ({ id }) => changed(s.flows.delete(id)),
    'flows.pause': ({ id }) => changed(s.flows.setEnabled(id, false)),
    'flows.resume': ({ id }) => changed(s.flows.setEnabled(id, true)),
    'flows.run': ({ id, startedFrom }) => s.runNow(id, startedFrom ?? 'manual'),
    'flows.dryRun': ({ id }) => s.sync.dryRun(id),
    'flows.preview': (input) => s.sync.preview(input),
    'flows.cursor': ({ id }) => s.sync.cursor(id),
    'flows.moveCursor': ({ id, to, dryRun }) =>
      dryRun ? s.sync.rewindCursor(id, to, dryRun) : s.owned(() => s.sync.rewindCursor(id, to, dryRun)),
    'scheduler.status': () => s.scheduler.status(),
    'scheduler.pause': () => s.scheduler.pause(),
    'scheduler.resume': () => s.scheduler.resume(),
    'scheduler.catchUp': () => s.catchUp(),
    'runs.list': (filter) => s.runs.list(filter),
    'runs.get': ({ id }) => s.runs.get(id),
    'runs.findRecord': (input) => s.runs.findRecord(input),
    'dashboard.get': () => s.dashboard.get(),
    'settings.get': () => s.settings.get(),
    'settings.update': (change) => s.settings.update(change),
    'failures.list': (filter) => s.failures.list(filter),
    'failures.get': ({ id }) => s.failures.get(id),
    'failures.assign': ({ ids, assignee }) => s.failures.assign(ids, assignee),
    'failures.note': ({ ids, note }) => s.failures.note(ids, note),
    'failures.people': () => s.failures.people(),
    'failures.retryWithEdit': ({ id, values }) => s.owned(() => s.failures.retryWithEdit(id, values)),
    'audit.list': ({ limit, offset, ...filter }) => s.audit.list(filter, { limit, offset }),
    'audit.export': (filter) => s.audit.export(filter),
    'failures.retry': (selection) => s.owned(() => s.sync.retry(selection)),
    'failures.resolve': ({ ids, note }) => s.sync.close(ids, 'resolved', note),
    'failures.ignore': ({ ids, note }) => s.sync.close(ids, 'ignored', note),
    'secrets.set': ({ appId, value }) => s.secrets.set(appId, value),
    'secrets.delete': ({ appId }) => s.secrets.delete(appId),
    'credentials.list': () => s.credentials.list(),
    'credentials.test': ({ appId }) => s.credentials.test(appId),
    'credentials.testDraft': (draft) => s.credentials.testDraft(draft),
    'oauth.start': ({ appId }) => s.oauth.start(appId),
    'workspace.export': () => s.workspaceIo.export(),
    'workspace.import': async ({ document, allowHostChange }) =>
      changed(await s.workspaceIo.import(document, { allowHostChange })),
  };
}
