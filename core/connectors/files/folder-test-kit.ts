import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../../contract/apps.ts';
import type { Flow } from '../../contract/flows.ts';
import { InMemorySecretStore } from '../../testing/in-memory-secret-store.ts';
import { openTestCore, type TestCore } from '../../testing/temp-workspace.ts';

// A real workspace with folder apps on real folders, for the files connector's tests.

export interface FolderKit extends TestCore {
  /** A new empty folder inside the workspace's temp dir. */
  folder(name: string): string;
  folderApp(name: string, config: Record<string, string>): Promise<App>;
  /** A flow copying the named columns from one app's entity to another's, matched on `key`. */
  copyFlow(
    from: App,
    fromEntity: string,
    to: App,
    toEntity: string,
    columns: readonly string[],
    key: string,
  ): Promise<Flow>;
}

export function openFolderKit(): FolderKit {
  const core = openTestCore({ secrets: new InMemorySecretStore() });
  return {
    ...core,
    folder(name) {
      const dir = join(core.dir, 'office', name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    folderApp: (name, config) =>
      core.call('apps.create', {
        name,
        category: 'other',
        connector: { kind: 'files', connector: 'folder', config },
      }),
    copyFlow: (from, fromEntity, to, toEntity, columns, key) =>
      core.call('flows.create', {
        name: `${from.name} to ${to.name}`,
        sourceAppId: from.id,
        sourceEntity: fromEntity,
        targetAppId: to.id,
        targetEntity: toEntity,
        matchKey: key,
        mapping: columns.map((c) => ({ target: c, source: c })),
      }),
  };
}
