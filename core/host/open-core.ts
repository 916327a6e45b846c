// The core on a real workspace folder, with the real keychain, HTTP, clock and timers:
// what the desktop app, `serve`, `scheduler` and the CLI open. Tests open it too, or
// build a core with createCore and ports of their own.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ManifestSource } from '../connectors/connector-catalog.ts';
import { createNodeHttpClient } from '../connectors/http/node-http-client.ts';
import { proxySettingsFromEnv } from '../connectors/http/proxy-settings.ts';
import { KeytarSecretStore } from '../secrets/keytar-secret-store.ts';
import { guardSecrets } from '../secrets/secret-guard.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { RetryPolicy } from '../services/connector-factory.ts';
import type { Clock, Logger, NewId } from '../ports.ts';
import type { LeaseKind } from '../services/workspace-lease.ts';
import { nodeCronTimers } from '../scheduler/node-cron-timers.ts';
import { openDatabase } from '../storage/open-database.ts';
import type { Core } from './core.ts';
import { createCore } from './create-core.ts';
import { abortableSleep, consoleLogger, systemClock } from './system-ports.ts';
import { patchbayVersion } from './version.ts';
import { leaseExpiryFromEnv, leaseOnWorkspace } from './workspace-ownership.ts';

export const databaseFileName = 'patchbay.db';

export interface OpenCoreOptions {
  readonly workspaceDir: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Defaults to the OS keychain (service "Patchbay"). */
  readonly secrets?: SecretStore;
  readonly retry?: RetryPolicy;
  /** Waits between health probes of an unreachable app (tests shorten them). */
  readonly probeDelaysMs?: readonly number[];
  readonly autoRetryEveryMs?: number;
  readonly startScheduler?: boolean;
  /** How long a file in a watched folder must keep its size before its flow runs (default 2 s). */
  readonly fileStableMs?: number;
  readonly timeZone?: string;
  /** The built-in connectors; defaults to the ones Patchbay ships (tests swap one for a variant). */
  readonly builtIn?: readonly ManifestSource[];
  /**
   * The desktop app, `serve` and `scheduler` own the workspace's runs from the start:
   * opening throws WorkspaceBusyError when another live process holds them. Without it
   * (CLI commands, tests) the first run takes the lease.
   */
  readonly owner?: Exclude<LeaseKind, 'cli'>;
  /**
   * False: open as that owner without taking the lease yet, for a process that waits for
   * it (runSchedulesWhenFree) instead of refusing to start.
   */
  readonly takeLeaseNow?: boolean;
  /** "Sync now" while another process holds the lease is run there (the desktop app). */
  readonly forwardRunsToOwner?: boolean;
  /** How long a silent holder keeps the lease (default 30 s; PATCHBAY_LEASE_EXPIRY_MS, for tests). */
  readonly leaseExpiryMs?: number;
}

/** Opens the workspace's database (migrating it) and builds the core on it. */
export function openCore(options: OpenCoreOptions): Core {
  const guard = guardSecrets({
    keychain: options.secrets ?? new KeytarSecretStore(),
    workspaceDir: options.workspaceDir,
    logger: options.logger ?? consoleLogger,
  });
  const logger = guard.logger;
  // An office's proxy comes from the environment, as for curl (connectors/http/proxy-settings.ts).
  const http = createNodeHttpClient({
    proxy: proxySettingsFromEnv(process.env),
    userAgent: `Patchbay/${patchbayVersion}`,
  });
  const { db, schemaVersion, backupFile } = openDatabase(join(options.workspaceDir, databaseFileName));
  if (backupFile)
    logger.info(`Upgraded the workspace database; the previous version is kept at ${backupFile}`);
  const core = createCore({
    db,
    schemaVersion,
    workspaceDir: options.workspaceDir,
    clock: options.clock ?? systemClock,
    logger,
    newId: randomUUID as NewId,
    secrets: guard.secrets,
    send: http.send,
    sleep: abortableSleep,
    random: Math.random,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.probeDelaysMs ? { probeDelaysMs: options.probeDelaysMs } : {}),
    ...(options.autoRetryEveryMs ? { autoRetryEveryMs: options.autoRetryEveryMs } : {}),
    ...(options.fileStableMs === undefined ? {} : { fileStableMs: options.fileStableMs }),
    // The timers are always node-cron here; `startScheduler` (or core.startScheduler()) starts them.
    scheduleTimers: nodeCronTimers,
    ...(options.startScheduler ? { startScheduler: true } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.builtIn ? { builtIn: options.builtIn } : {}),
    lease: leaseOnWorkspace(db, {
      kind: options.owner ?? 'cli',
      expiryMs: options.leaseExpiryMs ?? leaseExpiryFromEnv(process.env),
    }),
    ...(options.owner && options.takeLeaseNow !== false ? { ownRunsNow: true } : {}),
    ...(options.forwardRunsToOwner ? { forwardRunsToOwner: true } : {}),
  });
  // The kept connections close with the workspace.
  return guard.core({
    ...core,
    shutdown: () => core.shutdown().finally(() => http.close()),
    close: () => {
      core.close();
      http.close();
    },
  });
}
