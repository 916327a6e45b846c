import { initialSchema } from './0001-initial.ts';
import { appCircuitsSchema } from './0002-app-circuits.ts';
import { schedulesSchema } from './0004-schedules.ts';
import { credentialsSchema } from './0005-credentials.ts';
import { failurePagingSchema } from './0006-failure-paging.ts';
import { workspaceLeaseSchema } from './0007-workspace-lease.ts';
import { connectorKindsSchema } from './0008-connector-kinds.ts';
import { unresolvedFailuresSchema } from './0009-unresolved-failures.ts';
import { installedConnectorsSchema } from './0010-installed-connectors.ts';
import { failureAssigneesSchema } from './0011-failure-assignees.ts';
import { connectionChecksSchema } from './0012-connection-checks.ts';
import { runRequestsSchema } from './0013-run-requests.ts';
import { historyOutlivesFlowsSchema } from './0014-history-outlives-flows.ts';
import { recordOutcomesSchema } from './0015-record-outcomes.ts';
import { outcomeSpansSchema } from './0016-outcome-spans.ts';
import { budgetCircuitsSchema } from './0017-budget-circuits.ts';
import { deletedAtSourceSchema } from './0018-deleted-at-source.ts';
import { pausedRunsSchema } from './0019-paused-runs.ts';

export interface Migration {
  /** Stored in `PRAGMA user_version` once applied; numbers only grow. */
  version: number;
  name: string;
  sql: string;
  /**
   * The SQL edits table text in sqlite_master to drop a constraint (no change on disk):
   * run with the schema writable, then schema_version bumped and integrity checked.
   */
  editsSchemaText?: boolean;
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
  { version: 11, name: 'failure assignees', sql: failureAssigneesSchema },
  { version: 12, name: 'connection checks', sql: connectionChecksSchema },
  { version: 13, name: 'run requests', sql: runRequestsSchema },
  { version: 14, name: 'history outlives flows', sql: historyOutlivesFlowsSchema, editsSchemaText: true },
  { version: 15, name: 'record outcomes', sql: recordOutcomesSchema },
  { version: 16, name: 'outcome spans', sql: outcomeSpansSchema },
  { version: 17, name: 'budget circuits', sql: budgetCircuitsSchema },
  { version: 18, name: 'deleted at source', sql: deletedAtSourceSchema },
  { version: 19, name: 'paused runs', sql: pausedRunsSchema, editsSchemaText: true },
];
