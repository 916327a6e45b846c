import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { App } from '../contract/apps.ts';
import type { Flow } from '../contract/flows.ts';
import { matchesGlob, parseFolderConfig } from '../connectors/files/folder-settings.ts';
import type { Logger } from '../ports.ts';

// Flows whose source is a folder also run when a file lands or changes there, besides
// their schedule. One watcher per folder (chokidar); a file counts once it has stopped
// growing (awaitWriteFinish), so a 200 MB export still being copied does not start a run
// that reads half of it. Excel's lock files, Patchbay's own temporary files and backups
// are not changes.

export interface FolderWatchOptions {
  readonly flows: { list(): Flow[] };
  readonly apps: { get(id: string): App | undefined };
  /** A file the flow reads landed or changed (the scheduler queues a 'file-change' run). */
  readonly changed: (flowId: string, file: string) => void;
  readonly logger: Pick<Logger, 'error'>;
  /** How long a file must keep its size before it counts as written (default 2 s). */
  readonly stableMs?: number;
}

interface Reader {
  readonly flowId: string;
  readonly glob: string;
}

/** Which flows read which folder (by the glob of the flow's source entity). */
function readersByFolder(options: FolderWatchOptions): Map<string, Reader[]> {
  const byFolder = new Map<string, Reader[]>();
  for (const flow of options.flows.list()) {
    if (!flow.enabled) continue;
    const app = options.apps.get(flow.sourceAppId);
    const connector = app?.connector;
    if (!app || connector?.kind !== 'files' || connector.connector !== 'folder') continue;
    if (connector.config.watch === 'no') continue;
    try {
      const config = parseFolderConfig(app.name, connector.config);
      const pattern = config.patterns.find((p) => p.entity.toLowerCase() === flow.sourceEntity.toLowerCase());
      if (!pattern) continue;
      const folder = resolve(config.folder);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), { flowId: flow.id, glob: pattern.glob }]);
    } catch {
      continue; // settings the flow's own runs explain in words
    }
  }
  return byFolder;
}

const notAChange = (name: string) => name.startsWith('~$') || name.startsWith('.');

async function changedSince(folder: string, since: number): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const changed = await Promise.all(
    names.map(async (name) => {
      const info = await stat(join(folder, name)).catch(() => undefined);
      return info?.isFile() && info.mtimeMs >= since ? name : undefined;
    }),
  );
  return changed.filter((name): name is string => name !== undefined);
}

/**
 * Whether a file is new to the flows since it was last reported, by its size and time:
 * a file that lands while its watcher starts is found twice (the first scan's look-back
 * and the watcher's own "add"), and a second report would queue a second run that
 * finds nothing to do.
 */
export function createReportedFiles() {
  const reported = new Map<string, string>();
  return {
    isNew(path: string, info: Pick<Stats, 'size' | 'mtimeMs'>): boolean {
      const version = `${info.size}:${info.mtimeMs}`;
      if (reported.get(path) === version) return false;
      reported.set(path, version);
      return true;
    },
    forget(path: string): void {
      reported.delete(path);
    },
  };
}

export function createFolderWatch(options: FolderWatchOptions) {
  const watchers = new Map<string, FSWatcher>();
  const reported = createReportedFiles();
  const readiness = new Map<FSWatcher, Promise<void>>();
  let readers = new Map<string, Reader[]>();
  const stableMs = options.stableMs ?? 2000;
  const pollMs = Math.min(250, stableMs / 4);

  /** As awaitWriteFinish does for events: resolves once the file kept its size and time for `stableMs`. */
  async function whenStable(path: string): Promise<void> {
    let last = '';
    let sameSince = Date.now();
    for (;;) {
      const info = await stat(path).catch(() => undefined);
      const now = `${info?.size}:${info?.mtimeMs}`;
      if (now !== last) {
        last = now;
        sameSince = Date.now();
      } else if (Date.now() - sameSince >= stableMs) return;
      await new Promise((done) => setTimeout(done, pollMs));
    }
  }

  async function onFile(folder: string, path: string, given?: Stats): Promise<void> {
    const name = basename(path);
    if (notAChange(name)) return;
    const info = given ?? (await stat(path).catch(() => undefined));
    if (!info || !reported.isNew(path, info)) return;
    for (const reader of readers.get(folder) ?? [])
      if (matchesGlob(reader.glob, name)) options.changed(reader.flowId, name);
  }

  function open(folder: string): FSWatcher {
    const watcher = watch(folder, {
      ignoreInitial: true,
      depth: 0,
      awaitWriteFinish: { stabilityThreshold: stableMs, pollInterval: pollMs },
      // The backups folder and anything below the folder itself are not the folder's files.
      ignored: (path) => path !== folder && resolve(path, '..') !== folder,
    });
    watcher.on('add', (path, info) => void onFile(folder, path, info));
    watcher.on('change', (path, info) => void onFile(folder, path, info));
    watcher.on('unlink', (path) => reported.forget(path));
    watcher.on('error', (error) => options.logger.error(`Watching the folder ${folder} failed`, error));
    // A file that landed while the watcher was still starting is in its first scan, which
    // reports nothing: look for files changed since, so none is missed.
    const since = Date.now() - 1000;
    readiness.set(
      watcher,
      new Promise((done) =>
        watcher.once('ready', () => {
          void changedSince(folder, since)
            .then((names) =>
              names.forEach(
                (name) => void whenStable(join(folder, name)).then(() => onFile(folder, join(folder, name))),
              ),
            )
            .finally(done);
        }),
      ),
    );
    return watcher;
  }

  return {
    /** Watches the folders the flows read now (call again when flows or apps change). */
    refresh(): void {
      readers = readersByFolder(options);
      for (const [folder, watcher] of watchers)
        if (!readers.has(folder)) {
          void watcher.close();
          watchers.delete(folder);
          readiness.delete(watcher);
        }
      for (const folder of readers.keys()) if (!watchers.has(folder)) watchers.set(folder, open(folder));
    },
    /** Resolves once every watcher is ready to report changes (tests wait for it). */
    async ready(): Promise<void> {
      await Promise.all([...watchers.values()].map((w) => readiness.get(w)));
    },
    async close(): Promise<void> {
      const closing = [...watchers.values()].map((w) => w.close());
      watchers.clear();
      readiness.clear();
      await Promise.all(closing);
    },
  };
}

export type FolderWatch = ReturnType<typeof createFolderWatch>;
