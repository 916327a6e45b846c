import { basename } from 'node:path';
import { createDispatcher } from '../contract/dispatch.ts';
import type { HttpSend } from '../connectors/http/http-port.ts';
import { createConnectorCatalog, type ManifestSource } from '../connectors/connector-catalog.ts';
import { settingsProblems } from '../connectors/connector-settings.ts';
import { loadInstalled } from '../connectors/installed-connectors.ts';
import { SqliteInstalledConnectors } from '../storage/installed-connector-repository.ts';
import { builtInConnectors } from '../connectors/presets/index.ts';
import { nativeConnectors } from '../connectors/native-connectors.ts';
import type { NativeConnectorDefinition } from '../connectors/native-connector.ts';
import { createCredentialUsage } from '../secrets/credential-usage.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { createConnectorFactory, type RetryPolicy } from '../services/connector-factory.ts';
import { createFlowsService } from '../services/flows-service.ts';
import { createConnectorsService } from '../services/connectors-service.ts';
import { createCredentialsService } from '../services/credentials-service.ts';
import { createSecretsService } from '../services/secrets-service.ts';
import { SqliteCredentialRepository } from '../storage/credential-repository.ts';
import { createOAuthConnect } from '../secrets/oauth/oauth-connect.ts';
import { createSyncService } from '../services/sync-service.ts';
import { createWorkspaceIoService } from '../services/workspace-io-service.ts';
import { SqliteFailureRepository } from '../storage/failure-repository.ts';
import { SqliteFlowRepository } from '../storage/flow-repository.ts';
import { SqliteRunStore } from '../storage/sqlite-run-store.ts';
import { startAutomaticRetries } from '../failures/automatic-retries.ts';
import { createScheduler, type ScheduleTimers } from '../scheduler/scheduler.ts';
import { SqliteScheduleRepository } from '../storage/schedule-repository.ts';
import { createDashboardService } from '../services/dashboard-service.ts';
import { createRunsService } from '../services/runs-service.ts';
import { createAuditService } from '../services/audit-service.ts';
import { createFailuresService } from '../services/failures-service.ts';
import { createSchedulerControl } from '../services/scheduler-control.ts';
import { createSettingsService } from '../services/settings-service.ts';
import { createHistoryPruningJob } from '../storage/history-pruner.ts';
import { SqliteRunHistory } from '../storage/run-history-repository.ts';
import { createAppCircuits } from '../services/app-circuits-service.ts';
import { createAppsService } from '../services/apps-service.ts';
import { createAttentionNotices } from '../services/attention-notices.ts';
import { SqliteCircuitRepository } from '../storage/circuit-repository.ts';
import { createHealthService } from '../services/health-service.ts';
import type { Clock, Logger, NewId } from '../ports.ts';
import { SqliteAppRepository } from '../storage/app-repository.ts';
import { SqliteAuditLog } from '../storage/audit-repository.ts';
import { writeTransaction, type Db } from '../storage/open-database.ts';
import { SqliteSettings } from '../storage/settings-repository.ts';
import { createApiHandlers } from './api-handlers.ts';
import type { Core } from './core.ts';
import { EventBus } from './event-bus.ts';
import { patchbayVersion } from './version.ts';
import { createWorkspaceOwnership, type LeaseOnWorkspace } from './workspace-ownership.ts';

export interface CreateCoreOptions {
  readonly db: Db;
  readonly schemaVersion: number;
  readonly workspaceDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newId: NewId;
  readonly secrets: SecretStore;
  readonly send: HttpSend;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly retry?: RetryPolicy;
  readonly probeDelaysMs?: readonly number[];
  /** How often due failures are retried (default 30 s). */
  readonly autoRetryEveryMs?: number;
  /** Runs flows on their schedules (the desktop app, browser mode, `patchbay scheduler`). */
  readonly startScheduler?: boolean;
  readonly scheduleTimers?: ScheduleTimers;
  /** Defaults to the PC's time zone. */
  readonly timeZone?: string;
  /** The built-in connectors; defaults to the ones Patchbay ships (tests swap one for a variant). */
  readonly builtIn?: readonly ManifestSource[];
  /** The built-in connectors written in code (files, databases); defaults to the ones Patchbay ships. */
  readonly native?: readonly NativeConnectorDefinition[];
  /** Who runs this workspace's syncs: one process at a time (issue 16). */
  readonly lease: LeaseOnWorkspace;
  /**
   * Take the lease now (the desktop app, `serve`, `scheduler`): throws WorkspaceBusyError
   * naming its holder. Otherwise the first run takes it, and a command that only reads
   * never does.
   */
  readonly ownRunsNow?: boolean;
}

/** The composition root: every service gets its collaborators here and nowhere else. */
export function createCore(options: CreateCoreOptions): Core {
  const { db, clock, logger, newId, secrets } = options;
  const installedConnectors = new SqliteInstalledConnectors(db);
  const catalog = createConnectorCatalog({
    builtIn: options.builtIn ?? builtInConnectors,
    native: options.native ?? nativeConnectors,
    installed: () => loadInstalled(installedConnectors.list(), logger),
  });
  const transaction = writeTransaction(db);
  const bus = new EventBus((error) => logger.error('An event listener failed', error));
  const apps = new SqliteAppRepository(db);
  const audit = new SqliteAuditLog(db);
  const settings = new SqliteSettings(db);
  const name = (settings.get('workspace.name') as string | undefined) ?? basename(options.workspaceDir);
  const workspace = { name, dir: options.workspaceDir };

  const appsService = createAppsService({
    transaction,
    apps,
    audit,
    clock,
    newId,
    emit: (payload) => bus.emit('apps.changed', payload),
    settingsProblems: (connector) => {
      const entry = catalog.get(connector.connector);
      return entry ? settingsProblems(entry, connector) : [];
    },
    forgetCredential: (appId) =>
      secretsService.forget(appId).then(
        () => undefined,
        (error: unknown) => logger.error("Could not remove the deleted app's credential", error),
      ),
  });
  const health = createHealthService({
    version: patchbayVersion,
    workspace,
    schemaVersion: options.schemaVersion,
    apps,
  });
  const flows = new SqliteFlowRepository(db);
  const failures = new SqliteFailureRepository(db);
  const flowsService = createFlowsService({ transaction, flows, apps, audit, clock, newId, catalog });
  const credentials = new SqliteCredentialRepository(db);
  const credentialUsage = createCredentialUsage({ credentials, clock });
  const keyed = { secrets, apps, credentials, catalog, clock, workspaceName: name };
  const secretsService = createSecretsService({
    ...keyed,
    audit,
    usage: credentialUsage,
    // A new credential may be what a paused app's flows were waiting for.
    replaced: (appId) => circuits.credentialReplaced(appId),
  });
  // A page saved after another process took the lease over would count records twice.
  const runStore = new SqliteRunStore(db, { fence: () => options.lease.lease.assertHeld() });
  const connectors = createConnectorFactory({
    catalog,
    secrets,
    workspaceName: name,
    send: options.send,
    clock,
    sleep: options.sleep,
    random: options.random,
    ...(options.retry ? { retry: options.retry } : {}),
    usage: credentialUsage,
  });
  const circuits = createAppCircuits({
    transaction,
    circuits: new SqliteCircuitRepository(db),
    flows,
    apps,
    audit,
    clock,
    logger,
    check: (app) => connectors.forApp(app).check(),
    sleep: options.sleep,
    emit: (event) => bus.emit(event.name, event.payload),
    ...(options.probeDelaysMs ? { probeDelaysMs: options.probeDelaysMs } : {}),
  });
  const oauthConnect = createOAuthConnect({
    findApp: (idOrName) => apps.get(idOrName) ?? apps.get(apps.findIdByName(idOrName) ?? ''),
    catalog,
    secrets,
    workspaceName: name,
    send: options.send,
    clock,
    finished: (outcome) => {
      // Audited and dated (created or rotated) like a key typed in.
      if (outcome.ok)
        secretsService
          .saved(outcome.appId)
          .catch((error: unknown) => logger.error('Could not date the new sign-in', error));
      bus.emit('oauth.finished', outcome);
    },
  });
  const sync = createSyncService({
    flows,
    apps,
    failures,
    runStore,
    audit,
    clock,
    emit: (event) => bus.emit(event.name, event.payload),
    connectors,
    afterRun: (result) => circuits.afterRun(result),
  });
  const scheduler = createScheduler({
    flows,
    slots: new SqliteScheduleRepository(db),
    // A scheduled run is a sync like any other: only the lease holder runs it.
    run: (flowId, trigger) => owned(() => sync.run(flowId, trigger)),
    isRunning: (flowId) => sync.isRunning(flowId),
    canStart: (flowId) => !sync.isBlocked(flowId),
    clock,
    logger,
    emit: (event) => bus.emit(event.name, event.payload),
    timeZone: options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    maxConcurrent: Number(settings.get('scheduler.maxConcurrent') ?? 2),
    isPaused: () => settings.get('scheduler.paused') === true,
    ...(options.scheduleTimers ? { timers: options.scheduleTimers } : {}),
  });
  // Crash recovery, probes and pruning are the owner's duties: a process that merely opens
  // the workspace must never mark the owner's live runs cancelled.
  const ownership = createWorkspaceOwnership({
    ...options.lease,
    logger,
    taken: () => {
      runStore.closeInterruptedRuns(clock.now().toISOString());
      circuits.resumeProbes();
      historyPruning.start();
      runScheduler();
    },
    lost: () => {
      scheduler.stop();
      schedulerRunning = false;
      historyPruning.stop();
      void sync.cancelAll();
    },
  });
  /** Work that runs syncs needs the lease; without it the caller gets the sentence naming the owner. */
  const owned = <T>(work: () => T): T => (ownership.take(), work());
  const runHistory = new SqliteRunHistory(db);
  const schedulerControl = createSchedulerControl({ scheduler, settings, audit, clock });
  const settingsService = createSettingsService({ settings, audit, clock, defaultWorkspaceName: name });
  const failuresService = createFailuresService({
    flows,
    apps,
    failures,
    catalog,
    audit,
    clock,
    people: () => settingsService.get().people,
    retryEdited: (failure, record) => sync.retryEdited(failure, record),
  });
  const runsService = createRunsService({ runs: runHistory, failures, withLinks: failuresService.withLinks });
  const auditService = createAuditService({ audit, apps, flows, clock });
  const dashboard = createDashboardService({
    failures,
    flows,
    apps,
    runs: runHistory,
    clock,
    secondsPerRecord: () => settingsService.get().secondsPerRecord,
  });
  const connectorsService = createConnectorsService({
    catalog,
    installed: installedConnectors,
    apps,
    audit,
    clock,
    transaction,
  });
  const workspaceIo = createWorkspaceIoService({
    transaction,
    apps,
    flows,
    appsService,
    flowsService,
    catalog,
    audit,
    clock,
    workspaceName: name,
    hasCredential: (appId) => secretsService.has(appId),
    connectors: connectorsService,
    logger,
  });
  const credentialsService = createCredentialsService({
    ...keyed,
    rotationReminderDays: () => settingsService.get().rotationReminderDays,
    connectorFor: (app) => connectors.forApp(app),
  });

  const handlers = createApiHandlers({
    connectors: connectorsService,
    health,
    apps: appsService,
    catalog,
    flows: flowsService,
    scheduler: schedulerControl,
    catchUp: () => owned(() => scheduler.catchUp()),
    runs: runsService,
    dashboard,
    settings: settingsService,
    sync,
    failures: failuresService,
    audit: auditService,
    owned,
    secrets: secretsService,
    circuits,
    credentials: credentialsService,
    oauth: oauthConnect,
    workspaceIo,
    // Timers follow the flows only while this process runs the schedules.
    changedFlows: () => {
      if (schedulerRunning) scheduler.refreshTimers();
    },
  });

  const notices = createAttentionNotices({
    enabled: () => settingsService.get().notifications,
    flowName: (id) => flows.get(id)?.name,
    appName: (id) => apps.get(id)?.name,
    emit: (notice) => bus.emit('attention.needed', notice),
  });
  bus.on((event) => notices.observe(event));

  // Wanted: this process runs the schedules (the desktop app, serve, scheduler). Running:
  // it does now, which needs the lease; losing the lease stops them, taking it back restarts them.
  let schedulerWanted = false;
  let schedulerRunning = false;
  function runScheduler(): void {
    if (!schedulerWanted || schedulerRunning) return;
    schedulerRunning = true;
    scheduler.start();
  }
  const startScheduler = () => {
    schedulerWanted = true;
    ownership.take();
    runScheduler();
  };
  const retentionDays = () => settingsService.get().retentionDays;
  const historyPruning = createHistoryPruningJob({ db, clock, logger, retentionDays, sleep: options.sleep });
  const automaticRetries = startAutomaticRetries({
    everyMs: options.autoRetryEveryMs ?? 30_000,
    retryDue: async () => {
      // Retries are syncs: only the lease holder runs them.
      if (!ownership.held) return [];
      return sync.retryDue();
    },
    sleep: options.sleep,
    onError: (error) => logger.error('Automatic retries failed', error),
  });
  let closed = false;
  const core: Core = {
    invoke: createDispatcher(handlers, (error) => logger.error('Unexpected error in an API call', error)),
    onEvent: (listener) => bus.on(listener),
    workspace,
    startScheduler,
    advertiseApi: (address) => {
      if (ownership.held) options.lease.lease.advertise(address);
    },
    async shutdown() {
      if (closed) return;
      scheduler.stop();
      automaticRetries.stop();
      historyPruning.stop();
      circuits.stop();
      await sync.cancelAll();
      this.close();
    },
    close() {
      if (closed) return;
      closed = true;
      circuits.stop();
      scheduler.stop();
      automaticRetries.stop();
      historyPruning.stop();
      void oauthConnect.stop();
      // The owner folds the write-ahead log back; a reader closing while the owner
      // writes would only wait on it.
      if (ownership.held) db.pragma('wal_checkpoint(TRUNCATE)');
      ownership.release();
      db.close();
    },
  };
  try {
    if (options.ownRunsNow) ownership.take();
    if (options.startScheduler) startScheduler();
  } catch (error) {
    core.close();
    throw error;
  }
  return core;
}
