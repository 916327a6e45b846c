import { basename, join } from 'node:path';
import { createDispatcher } from '../contract/dispatch.ts';
import { createConnectorCatalog } from '../connectors/connector-catalog.ts';
import { settingsProblems } from '../connectors/connector-settings.ts';
import { loadInstalled } from '../connectors/installed-connectors.ts';
import { SqliteInstalledConnectors } from '../storage/installed-connector-repository.ts';
import { builtInConnectors } from '../connectors/presets/index.ts';
import { nativeConnectors } from '../connectors/native-connectors.ts';
import { createCredentialUsage } from '../secrets/credential-usage.ts';
import { createConnectorFactory } from '../services/connector-factory.ts';
import { createFlowsService } from '../services/flows-service.ts';
import { createConnectorsService } from '../services/connectors-service.ts';
import { createCredentialsService } from '../services/credentials-service.ts';
import { createConnectionsService } from '../services/connections-service.ts';
import { SqliteConnectionChecks } from '../storage/connection-check-repository.ts';
import { createSecretsService } from '../services/secrets-service.ts';
import { SqliteCredentialRepository } from '../storage/credential-repository.ts';
import { createOAuthConnect } from '../secrets/oauth/oauth-connect.ts';
import { createSyncService } from '../services/sync-service.ts';
import { createWorkspaceIoService } from '../services/workspace-io-service.ts';
import { SqliteFailureRepository } from '../storage/failure-repository.ts';
import { SqliteFlowRepository } from '../storage/flow-repository.ts';
import { SqliteRunStore } from '../storage/sqlite-run-store.ts';
import { startAutomaticRetries } from '../failures/automatic-retries.ts';
import { createFolderWatch } from '../scheduler/folder-watch.ts';
import { createScheduler } from '../scheduler/scheduler.ts';
import { SqliteScheduleRepository } from '../storage/schedule-repository.ts';
import { createDashboardService } from '../services/dashboard-service.ts';
import { createRunsService } from '../services/runs-service.ts';
import { createAuditService } from '../services/audit-service.ts';
import { createFailuresService } from '../services/failures-service.ts';
import { createSchedulerControl } from '../services/scheduler-control.ts';
import { createSettingsService } from '../services/settings-service.ts';
import { createHistoryPruningJob } from '../storage/history-pruner.ts';
import { SqliteRunHistory } from '../storage/run-history-repository.ts';
import { SqliteRecordOutcomes } from '../storage/record-outcome-repository.ts';
import { createAppCircuits } from '../services/app-circuits-service.ts';
import { createAppsService } from '../services/apps-service.ts';
import { createAttentionNotices } from '../services/attention-notices.ts';
import { SqliteCircuitRepository } from '../storage/circuit-repository.ts';
import { createHealthService } from '../services/health-service.ts';
import { SqliteAppRepository } from '../storage/app-repository.ts';
import { SqliteAuditLog } from '../storage/audit-repository.ts';
import { writeTransaction } from '../storage/open-database.ts';
import { SqliteSettings } from '../storage/settings-repository.ts';
import { createApiHandlers } from './api-handlers.ts';
import type { Core } from './core.ts';
import { EventBus } from './event-bus.ts';
import { patchbayVersion } from './version.ts';
import { createWorkspaceOwnership } from './workspace-ownership.ts';
import type { CreateCoreOptions } from './create-core-options.ts';

export type { CreateCoreOptions } from './create-core-options.ts';
import { createRunRequests, createSyncNow } from '../services/run-requests.ts';
import { schedulesRunBySentence } from '../services/workspace-lease.ts';
import { SqliteRunRequests } from '../storage/sqlite-run-requests.ts';

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
    catalog,
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
  const flowsService = createFlowsService({
    transaction,
    flows,
    apps,
    audit,
    clock,
    newId,
    catalog,
    entitiesOfApp: (app) => connectors.knownEntitiesOf(app),
  });
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
    connectorStateDir: join(options.workspaceDir, 'connector-state'),
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
    ...keyed,
    findApp: (idOrName) => apps.get(idOrName) ?? apps.get(apps.findIdByName(idOrName) ?? ''),
    send: options.send,
    saveConnectionValues: (appId, values) => appsService.keepConnectionValues(appId, values),
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
  // Flows reading a folder also run when a file lands there, through the scheduler's queue.
  const folderWatch = createFolderWatch({
    flows,
    apps,
    changed: (flowId) => scheduler.fileChanged(flowId),
    logger,
    ...(options.fileStableMs === undefined ? {} : { stableMs: options.fileStableMs }),
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
      void folderWatch.close();
      schedulerRunning = false;
      historyPruning.stop();
      void sync.cancelAll();
    },
  });
  /** Work that runs syncs needs the lease; without it the caller gets the sentence naming the owner. */
  const owned = <T>(work: () => T): T => (ownership.take(), work());
  const syncNow = createSyncNow({
    requests: createRunRequests({
      store: new SqliteRunRequests(db),
      now: () => clock.now(),
      sleep: (ms) => options.sleep(ms),
      closing: () => closed,
    }),
    runHere: (flowId, trigger) => owned(() => sync.run(flowId, trigger)),
    holdsLease: () => ownership.held,
    forward: options.forwardRunsToOwner ?? false,
  });
  const runHistory = new SqliteRunHistory(db);
  const schedulerControl = createSchedulerControl({
    scheduler,
    settings,
    audit,
    clock,
    runElsewhere: () => {
      if (ownership.held) return null;
      const holder = options.lease.lease.holder();
      return holder ? schedulesRunBySentence(holder, { host: options.lease.host }) : null;
    },
  });
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
  const runsService = createRunsService({
    runs: runHistory,
    failures,
    trails: new SqliteRecordOutcomes(db),
    withLinks: failuresService.withLinks,
  });
  const auditService = createAuditService({ audit, apps, flows, clock });
  const dashboard = createDashboardService({
    failures,
    flows,
    apps,
    runs: runHistory,
    clock,
    secondsPerRecord: () => settingsService.get().secondsPerRecord,
    connections: () => connections.list(),
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
  const connections = createConnectionsService({
    apps,
    credentials,
    checks: new SqliteConnectionChecks(db),
    circuits: () => circuits.list(),
    secrets,
    catalog,
    workspaceName: name,
  });
  const credentialsService = createCredentialsService({
    ...keyed,
    rotationReminderDays: () => settingsService.get().rotationReminderDays,
    connectors,
    checked: (appId, outcome, message) =>
      connections.record(appId, outcome, message, clock.now().toISOString()),
  });

  const handlers = createApiHandlers({
    connectors: connectorsService,
    health,
    apps: appsService,
    catalog,
    flows: flowsService,
    scheduler: schedulerControl,
    // Waking up (or starting) is when a pause for a daily budget that has since reset is lifted.
    catchUp: () => owned(() => (circuits.closeDue(), scheduler.catchUp())),
    runs: runsService,
    dashboard,
    settings: settingsService,
    sync,
    failures: failuresService,
    audit: auditService,
    owned,
    runNow: syncNow.runNow,
    secrets: secretsService,
    circuits,
    credentials: credentialsService,
    connections,
    oauth: oauthConnect,
    workspaceIo,
    // Timers follow the flows only while this process runs the schedules.
    changedFlows: () => {
      if (!schedulerRunning) return;
      scheduler.refreshTimers();
      folderWatch.refresh();
    },
  });

  const notices = createAttentionNotices({
    enabled: () => settingsService.get().notifications,
    flowName: (id) => flows.get(id)?.name,
    appName: (id) => apps.get(id)?.name,
    emit: (notice) => bus.emit('attention.needed', notice),
  });
  bus.on((event) => notices.observe(event));
  // An app's folder may have moved: watch the folders the flows read now.
  bus.on((event) => {
    if (event.name === 'apps.changed' && schedulerRunning) folderWatch.refresh();
  });

  // Wanted: this process runs the schedules (the desktop app, serve, scheduler). Running:
  // it does now, which needs the lease; losing the lease stops them, taking it back restarts them.
  let schedulerWanted = false;
  let schedulerRunning = false;
  function runScheduler(): void {
    if (!schedulerWanted || schedulerRunning) return;
    schedulerRunning = true;
    scheduler.start();
    folderWatch.refresh();
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
      syncNow.stopServing();
      scheduler.stop();
      await folderWatch.close();
      automaticRetries.stop();
      historyPruning.stop();
      circuits.stop();
      await sync.cancelAll();
      this.close();
    },
    close() {
      if (closed) return;
      closed = true;
      syncNow.stopServing();
      circuits.stop();
      scheduler.stop();
      void folderWatch.close();
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
