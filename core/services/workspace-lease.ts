// One process owns a workspace's runs (issue 16): two processes syncing one flow wrote
// records twice, counted them twice, and one marked the other's live runs cancelled.
// This file is the port and its rules in plain words; SQLite keeps the lease
// (core/storage/sqlite-workspace-lease.ts) and the host renews it
// (core/host/workspace-ownership.ts).
import { ApiError } from '../contract/errors.ts';

export const leaseKinds = ['serve', 'scheduler', 'desktop', 'cli'] as const;
/** What kind of Patchbay process holds the lease: it decides the words others see. */
export type LeaseKind = (typeof leaseKinds)[number];

export interface LeaseHolder {
  /** pid + random: a pid alone repeats after a restart. */
  readonly ownerId: string;
  readonly pid: number;
  readonly host: string;
  readonly kind: LeaseKind;
  /** The holder's local API (browser mode's address, never its token), if it has one. */
  readonly apiAddress: string | undefined;
  readonly heartbeatAt: string;
  /** The holder's last heartbeat plus its own expiry: past it, the holder counts as gone. */
  readonly expiresAt: string;
}

export type LeaseAttempt = { ok: true } | { ok: false; holder: LeaseHolder };

/** The lease on a workspace's runs, kept in its database. */
export interface WorkspaceLease {
  /** Takes the lease unless another live process holds it (then answers that holder). */
  take(): LeaseAttempt;
  /** Pushes the expiry on; false when another process has taken the lease meanwhile. */
  renew(): boolean;
  /** Throws LeaseLostError unless this process holds the lease (checked inside each page's transaction). */
  assertHeld(): void;
  /** Records this holder's local API address, for other processes to find. */
  advertise(apiAddress: string): void;
  /** Gives the lease up (a clean close). */
  release(): void;
  /** Who holds the lease now, if anyone (to say who runs the schedules). */
  holder(): LeaseHolder | undefined;
}

/** Where the process asking for the lease runs, to judge whether a holder is still alive. */
export interface LeaseSite {
  readonly host: string;
  /** Does a process with this pid exist on this host? */
  isAlive(pid: number): boolean;
}

/**
 * A holder can be replaced when its heartbeat is stale (it hung, the PC slept past the
 * expiry, it died on another host), or when its pid is gone on this host: a crash or a
 * SIGKILL frees the workspace at once instead of after the expiry.
 */
export function canTakeOver(holder: LeaseHolder, now: Date, site: LeaseSite): boolean {
  if (Date.parse(holder.expiresAt) <= now.getTime()) return true;
  return holder.host === site.host && !site.isAlive(holder.pid);
}

const holderNames: Record<LeaseKind, string> = {
  serve: "Patchbay's browser mode",
  scheduler: "Patchbay's headless scheduler",
  desktop: 'The Patchbay desktop app',
  cli: 'Another patchbay command',
};

const advice: Record<LeaseKind, string> = {
  serve: 'run the flow from there or stop it first.',
  scheduler: 'stop it first, or let it run the flows on their schedules.',
  desktop: 'run the flow from there or stop it first.',
  cli: 'wait for it to finish, then try again.',
};

/** The plain sentence a process gets when another one holds the lease. */
export function busySentence(holder: LeaseHolder, site: Pick<LeaseSite, 'host'>): string {
  const where = holder.host === site.host ? '' : ` on ${holder.host}`;
  return `${holderNames[holder.kind]} (pid ${holder.pid}${where}) is running this workspace's syncs; ${advice[holder.kind]}`;
}

/**
 * The words a process that does not run the schedules shows about the one that does
 * (the desktop app while the background service runs them).
 */
export function schedulesRunBySentence(holder: LeaseHolder, site: Pick<LeaseSite, 'host'>): string {
  const where = holder.host === site.host ? '' : ` on ${holder.host}`;
  return `Schedules are run by ${runnerNames[holder.kind]}, pid ${holder.pid}${where}.`;
}

const runnerNames: Record<LeaseKind, string> = {
  serve: "Patchbay's browser mode",
  scheduler: "the background service (Patchbay's headless scheduler)",
  desktop: 'the Patchbay desktop app',
  cli: 'another patchbay command, for now',
};

/** Another process holds the lease; the message names it (a `conflict` answer to an API call). */
export class WorkspaceBusyError extends ApiError {
  readonly holder: LeaseHolder;
  constructor(holder: LeaseHolder, site: Pick<LeaseSite, 'host'>) {
    super('conflict', busySentence(holder, site));
    this.name = 'WorkspaceBusyError';
    this.holder = holder;
  }
}

/** This process held the lease, and another one took it over (its heartbeat was late). */
export class LeaseLostError extends Error {
  constructor() {
    super(
      "This Patchbay process lost this workspace's syncs to another process (its heartbeat was late, " +
        'for example while the PC slept), so it stopped without saving more.',
    );
    this.name = 'LeaseLostError';
  }
}
