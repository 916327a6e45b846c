import { mysqlConnector } from './database/mysql-connector.ts';
import { postgresConnector } from './database/postgres-connector.ts';
import { sqliteConnector } from './database/sqlite-connector.ts';
import { folderConnector } from './files/folder-connector.ts';
import type { NativeConnectorDefinition } from './native-connector.ts';

/** The connectors written in code that Patchbay ships (folders of files, databases), one line each. */
export const nativeConnectors: readonly NativeConnectorDefinition[] = [
  folderConnector,
  sqliteConnector,
  postgresConnector,
  mysqlConnector,
];
