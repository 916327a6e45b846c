import type { Clock } from '../ports.ts';
import {
  canTakeOver,
  LeaseLostError,
  type LeaseAttempt,
  type LeaseHolder,
  type LeaseKind,
  type LeaseSite,
  type WorkspaceLease,
} from '../services/workspace-lease.ts';
import type { Db } from './open-database.ts';

export interface SqliteWorkspaceLeaseOptions {
  readonly db: Db;
  readonly ownerId: string;
  readonly pid: number;
  readonly kind: LeaseKind;
  readonly site: LeaseSite;
  /** Wall-clock time: heartbeats are compared across processes. */
  readonly clock: Clock;
  /** How long after its last heartbeat this holder counts as gone. */
  readonly expiryMs: number;
}

interface LeaseRow {
  owner_id: string;
  pid: number;
  host: string;
  kind: LeaseKind;
  api_address: string | null;
  heartbeat_at: string;
  expires_at: string;
}

/** The `WorkspaceLease` as the single row of `workspace_lease` (migration 0007). */
export class SqliteWorkspaceLease implements WorkspaceLease {
  readonly #options: SqliteWorkspaceLeaseOptions;
  readonly #statements;

  constructor(options: SqliteWorkspaceLeaseOptions) {
    this.#options = options;
    const { db } = options;
    this.#statements = {
      read: db.prepare<[], LeaseRow>('SELECT * FROM workspace_lease WHERE id = 1'),
      write: db.prepare(
        `INSERT OR REPLACE INTO workspace_lease (id, owner_id, pid, host, kind, api_address, taken_at, heartbeat_at, expires_at)
         VALUES (1, @ownerId, @pid, @host, @kind, NULL, @at, @at, @expiresAt)`,
      ),
      renew: db.prepare('UPDATE workspace_lease SET heartbeat_at = ?, expires_at = ? WHERE owner_id = ?'),
      advertise: db.prepare('UPDATE workspace_lease SET api_address = ? WHERE owner_id = ?'),
      release: db.prepare('DELETE FROM workspace_lease WHERE owner_id = ?'),
    };
  }

  take(): LeaseAttempt {
    const { db, ownerId, pid, kind, site, clock } = this.#options;
    // IMMEDIATE: two processes starting at once must not both read "free" and both write.
    return db
      .transaction((): LeaseAttempt => {
        const row = this.#statements.read.get();
        const now = clock.now();
        if (row && row.owner_id !== ownerId) {
          const holder = toHolder(row);
          if (!canTakeOver(holder, now, site)) return { ok: false, holder };
        }
        this.#statements.write.run({
          ownerId,
          pid,
          host: site.host,
          kind,
          at: now.toISOString(),
          expiresAt: this.#expiry(now),
        });
        return { ok: true };
      })
      .immediate();
  }

  renew(): boolean {
    const now = this.#options.clock.now();
    return (
      this.#statements.renew.run(now.toISOString(), this.#expiry(now), this.#options.ownerId).changes === 1
    );
  }

  assertHeld(): void {
    if (this.#statements.read.get()?.owner_id !== this.#options.ownerId) throw new LeaseLostError();
  }

  advertise(apiAddress: string): void {
    this.#statements.advertise.run(apiAddress, this.#options.ownerId);
  }

  release(): void {
    this.#statements.release.run(this.#options.ownerId);
  }

  /** The current holder, if any (for tests and diagnostics). */
  holder(): LeaseHolder | undefined {
    const row = this.#statements.read.get();
    return row ? toHolder(row) : undefined;
  }

  #expiry(now: Date): string {
    return new Date(now.getTime() + this.#options.expiryMs).toISOString();
  }
}

function toHolder(row: LeaseRow): LeaseHolder {
  return {
    ownerId: row.owner_id,
    pid: row.pid,
    host: row.host,
    kind: row.kind,
    apiAddress: row.api_address ?? undefined,
    heartbeatAt: row.heartbeat_at,
    expiresAt: row.expires_at,
  };
}
