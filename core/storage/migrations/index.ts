import { initialSchema } from './0001-initial.ts';
import { appCircuitsSchema } from './0002-app-circuits.ts';
import { schedulesSchema } from './0004-schedules.ts';
import { credentialsSchema } from './0005-credentials.ts';
import { failurePagingSchema } from './0006-failure-paging.ts';
import { workspaceLeaseSchema } from './0007-workspace-lease.ts';
import { connectorKindsSchema } from './0008-connector-kinds.ts';
import { unresolvedFailuresSchema } from './0009-unresolved-failures.ts';
import { installedConnectorsSchema } from './0010-installed-connectors.ts';
import { fileChangeTriggerSchema } from './0019-file-change-trigger.ts';

export interface Migration {
  /** Stored in `PRAGMA user_version` once applied; numbers only grow. */
  version: number;
  name: string;
  sql: string;
  /**
   * Rebuilds a table others point at: run with foreign keys off (they cannot be switched
   * inside a transaction), then checked with `foreign_key_check` before committing.
   */
  rebuildsTable?: boolean;
}

// Version 3 was never used on main; numbers only need to grow, not to be contiguous.
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initialSchema },
  { version: 2, name: 'app circuits', sql: appCircuitsSchema },
  { version: 4, name: 'schedules', sql: schedulesSchema },
  { version: 5, name: 'credentials', sql: credentialsSchema },
  { version: 6, name: 'failure paging', sql: failurePagingSchema },
  { version: 7, name: 'workspace lease', sql: workspaceLeaseSchema },
  { version: 8, name: 'connector kinds', sql: connectorKindsSchema },
  { version: 9, name: 'unresolved failures', sql: unresolvedFailuresSchema },
  { version: 10, name: 'installed connectors', sql: installedConnectorsSchema },
  { version: 19, name: 'file-change trigger', sql: fileChangeTriggerSchema, rebuildsTable: true },
];
