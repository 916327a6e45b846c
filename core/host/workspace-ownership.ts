import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../ports.ts';
import {
  LeaseLostError,
  WorkspaceBusyError,
  type LeaseKind,
  type WorkspaceLease,
} from '../services/workspace-lease.ts';
import type { Db } from '../storage/open-database.ts';
import { SqliteWorkspaceLease } from '../storage/sqlite-workspace-lease.ts';
import { processExists, systemClock } from './system-ports.ts';

/** A workspace's lease as this process sees it. */
export interface LeaseOnWorkspace {
  readonly lease: WorkspaceLease;
  /** Where this process runs, for the sentence naming another holder. */
  readonly host: string;
  /** How often the lease is renewed: well inside its expiry. */
  readonly heartbeatMs: number;
}

/** Lease expiry from PATCHBAY_LEASE_EXPIRY_MS, so process tests can make a frozen holder stale fast. */
export function leaseExpiryFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const ms = Number(env.PATCHBAY_LEASE_EXPIRY_MS);
  return Number.isInteger(ms) && ms > 0 ? ms : 30_000;
}

/** This process's lease on the workspace in `db`: its pid plus a random part, on this PC. */
export function leaseOnWorkspace(db: Db, options: { kind: LeaseKind; expiryMs: number }): LeaseOnWorkspace {
  const host = hostname();
  const lease = new SqliteWorkspaceLease({
    db,
    ownerId: `${process.pid}-${randomBytes(6).toString('hex')}`,
    pid: process.pid,
    kind: options.kind,
    site: { host, isAlive: processExists },
    // Heartbeats are compared across processes: real time, whatever clock the core is given.
    clock: systemClock,
    expiryMs: options.expiryMs,
  });
  return { lease, host, heartbeatMs: Math.max(10, Math.floor(options.expiryMs / 3)) };
}

export interface WorkspaceOwnershipOptions extends LeaseOnWorkspace {
  readonly logger: Logger;
  /** The owner's duties on taking the lease: close runs a dead owner left running, resume probes. */
  readonly taken: () => void;
  /** Another process took the lease over: stop starting and running syncs here. */
  readonly lost: () => void;
}

export interface WorkspaceOwnership {
  /** Whether this process holds the lease now. */
  readonly held: boolean;
  /** Takes the lease unless this process holds it already; throws WorkspaceBusyError naming the holder. */
  take(): void;
  /** Gives the lease up and stops the heartbeat (a clean close). */
  release(): void;
}

/**
 * This process's claim on a workspace's runs: the lease taken once (on open for the
 * desktop app, `serve` and `scheduler`; at the first run for a CLI command), renewed on
 * a timer, given up on close. A renewal that finds the lease taken over means this
 * process was frozen past its expiry; it stops, and each page's commit is fenced too
 * (SqliteRunStore checks the lease in the page's transaction).
 */
export function createWorkspaceOwnership(options: WorkspaceOwnershipOptions): WorkspaceOwnership {
  const { lease, logger } = options;
  let held = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const stopHeartbeat = () => {
    clearInterval(heartbeat);
    heartbeat = undefined;
  };
  const beat = () => {
    let renewed: boolean;
    try {
      renewed = lease.renew();
    } catch (error) {
      // A busy database now is no reason to give up: the expiry leaves room for the next beat.
      logger.error('Could not renew the workspace lease; trying again shortly', error);
      return;
    }
    if (renewed) return;
    held = false;
    stopHeartbeat();
    logger.error(new LeaseLostError().message);
    options.lost();
  };

  return {
    get held() {
      return held;
    },
    take() {
      if (held) return;
      const attempt = lease.take();
      if (!attempt.ok) throw new WorkspaceBusyError(attempt.holder, { host: options.host });
      held = true;
      heartbeat = setInterval(beat, options.heartbeatMs);
      // The heartbeat alone must not keep a finished CLI command alive.
      heartbeat.unref();
      options.taken();
    },
    release() {
      stopHeartbeat();
      if (!held) return;
      held = false;
      lease.release();
    },
  };
}
