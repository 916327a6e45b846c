import type { HttpSend } from '../connectors/http/http-port.ts';
import type { ManifestSource } from '../connectors/connector-catalog.ts';
import type { NativeConnectorDefinition } from '../connectors/native-connector.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { RetryPolicy } from '../services/connector-factory.ts';
import type { ScheduleTimers } from '../scheduler/scheduler.ts';
import type { Clock, Logger, NewId } from '../ports.ts';
import type { Db } from '../storage/open-database.ts';
import type { LeaseOnWorkspace } from './workspace-ownership.ts';

/** What the composition root (create-core.ts) is given: the PC's parts, and the choices of the process hosting it. */
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
  /** How long a file in a watched folder must keep its size before its flow runs (default 2 s). */
  readonly fileStableMs?: number;
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
  /**
   * The desktop app: "Sync now" while another process (the background service) holds
   * the lease is asked of that process instead of refused (run-requests.ts).
   */
  readonly forwardRunsToOwner?: boolean;
}
