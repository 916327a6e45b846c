import { folderConnector } from './files/folder-connector.ts';
import type { NativeConnectorDefinition } from './native-connector.ts';

/** The connectors written in code that Patchbay ships (folders of files, databases), one line each. */
export const nativeConnectors: readonly NativeConnectorDefinition[] = [folderConnector];
