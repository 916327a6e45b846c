import { initialSchema } from './0001-initial.ts';
import { appCircuitsSchema } from './0002-app-circuits.ts';
import { schedulesSchema } from './0004-schedules.ts';

export interface Migration {
  /** Stored in `PRAGMA user_version` once applied; numbers only grow. */
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initialSchema },
  { version: 2, name: 'app circuits', sql: appCircuitsSchema },
  { version: 4, name: 'schedules', sql: schedulesSchema },
];
