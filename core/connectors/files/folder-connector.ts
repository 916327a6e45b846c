import { joinKey } from '../../contract/composite-key.ts';
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityDescription } from '../../contract/connectors.ts';
import { SyncError } from '../../reliability/error-classes.ts';
import type { Connector, Page, PageState, SourceRecord } from '../connector.ts';
import type { NativeConnectorContext, NativeConnectorDefinition } from '../native-connector.ts';
import { writeCsv } from './csv-writer.ts';
import { fileRecords, headerNamesOf } from './file-records.ts';
import {
  codeOf,
  existingFile,
  folderError,
  listMatchingFiles,
  lockedForWriting,
  lockFileOf,
} from './folder-files.ts';
import { FolderPass } from './folder-pass.ts';
import {
  folderSettings,
  hasWildcard,
  parseFolderConfig,
  settingsError,
  type FilePattern,
  type FolderConfig,
} from './folder-settings.ts';
import { SnapshotStore } from './row-snapshots.ts';
import type { WriteItem } from './write-rows.ts';
import { writeXlsx } from './xlsx-writer.ts';

// "Folder of spreadsheets": an app that is a folder of CSV and Excel files. Each item
// of the app's pattern is one entity; reading is incremental (folder-pass.ts), writing
// replaces a file whole, atomically, with a dated backup (csv-writer.ts, xlsx-writer.ts).

/** Rows per page: each page is one transaction in the engine and, when writing, one rewrite of the file. */
const pageSize = 1000;

/** The newest files (by name: exports are dated) whose column names the flow editor is offered. */
const headerFiles = 20;

export const folderConnector: NativeConnectorDefinition = {
  id: 'folder',
  name: 'Folder of spreadsheets',
  kind: 'files',
  category: 'files',
  version: '1',
  settings: folderSettings,
  entities: [],
  source: 'core/connectors/files/folder-connector.ts',
  open: (context) => createFolderConnector(context),
};

export function createFolderConnector(context: NativeConnectorContext): Connector {
  const { appName } = context;
  let parsed: FolderConfig | undefined;
  const config = () => (parsed ??= parseFolderConfig(appName, context.config));
  const passes = new Map<string, FolderPass>();
  const fieldsSeen = new Map<string, { name: string }[]>();

  const patternOf = (entity: string): FilePattern => {
    const pattern = config().patterns.find((p) => p.entity.toLowerCase() === entity.toLowerCase());
    if (!pattern)
      throw new SyncError('not_found', appName, {
        summary: `${appName} has no files called "${entity}": check "Which files" in its settings.`,
      });
    return pattern;
  };

  const snapshotsFor = (pattern: FilePattern) => {
    const folderKey = createHash('sha1')
      .update(`${config().folder}\u0000${pattern.text}`)
      .digest('hex')
      .slice(0, 16);
    return new SnapshotStore(context.stateDir === undefined ? undefined : join(context.stateDir, folderKey));
  };

  /** The file a write goes to: the pattern must name one file. */
  const targetOf = (pattern: FilePattern) => {
    if (hasWildcard(pattern.glob))
      throw settingsError(
        appName,
        `to write into it, "Which files" must name one file (such as orders.csv), not "${pattern.text}".`,
      );
    return { path: join(config().folder, pattern.glob), name: pattern.glob, sheet: pattern.sheet };
  };

  async function write(entity: string, items: readonly WriteItem[]): Promise<string[]> {
    const pattern = patternOf(entity);
    const { writeMode, keyColumns } = config();
    if (writeMode === 'upsert' && keyColumns === undefined)
      throw settingsError(
        appName,
        'to update rows by key it needs a key column; set one, or choose "Only add rows at the end".',
      );
    const target = targetOf(pattern);
    await folderMustExist();
    const names = await readdir(config().folder).catch(() => [] as string[]);
    if (
      names.some(
        (n) =>
          n.toLowerCase() === `~$${target.name}`.toLowerCase() ||
          n.toLowerCase() === lockFileOf(target.name).toLowerCase(),
      )
    )
      throw lockedForWriting(appName, target.name);
    const exists = (await existingFile(target.path)) !== undefined;
    const request = {
      appName,
      target,
      config: config(),
      keyColumns,
      mode: writeMode,
      items,
      exists,
      now: context.now(),
    };
    try {
      return await (pattern.excel ? writeXlsx(request) : writeCsv(request));
    } catch (error) {
      const code = codeOf(error);
      if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES')
        throw lockedForWriting(appName, target.name);
      throw error;
    }
  }

  /** The record's value in the app's key columns (joined, for several); an export log (append only) may do without. */
  const keyOf = (record: Record<string, unknown>, required = true): string | undefined => {
    const { keyColumns } = config();
    if (keyColumns === undefined) return undefined;
    const values = keyColumns.map((key) => {
      const name = Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
      const value = name === undefined ? undefined : record[name];
      return value === undefined || value === null ? '' : String(value).trim();
    });
    const missing = keyColumns.find((_, i) => values[i] === '');
    if (missing !== undefined) {
      if (!required) return undefined;
      throw new SyncError('validation', appName, {
        detail: `This record has no value for the key column "${missing}".`,
      });
    }
    return joinKey(values);
  };

  async function folderMustExist(): Promise<void> {
    const folder = config().folder;
    const info = await stat(folder).catch((error: unknown) =>
      Promise.reject(folderError(appName, folder, error)),
    );
    if (!info.isDirectory())
      throw folderError(appName, folder, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
  }

  /** Reads every matching file for the row with this id: a get by id is a scan in a folder of files. */
  async function findRow(entity: string, id: string): Promise<SourceRecord | undefined> {
    const pattern = patternOf(entity);
    const { files } = await listMatchingFiles(appName, config().folder, pattern);
    for (const file of files) {
      if (id.includes(':') && !id.startsWith(`${file.name}:`) && config().key === undefined) continue;
      for await (const item of fileRecords(file, pattern, config())) {
        if (item.kind === 'record' && item.id.toLowerCase() === id.toLowerCase())
          return { id: item.id, fields: item.fields, cursorValue: undefined };
        if (item.kind === 'rejected' && item.id === id)
          throw new SyncError('validation', appName, { summary: item.message });
      }
    }
    return undefined;
  }

  /**
   * The columns of the files a pattern matches (an Excel file's: the first row of its
   * sheet), every file's in name order, each name once: exports of different months may
   * differ by a column, and the flow editor offers them all. Files that cannot be read
   * add none (a run says why). At most `headerFiles` files are opened, so a folder of
   * years of exports answers the editor quickly.
   */
  async function readFields(pattern: FilePattern): Promise<{ name: string }[]> {
    const { files } = await listMatchingFiles(appName, config().folder, pattern);
    const names = new Map<string, string>();
    for (const file of files.slice(-headerFiles)) {
      for (const name of (await headerNamesOf(file, pattern, config())) ?? [])
        if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
    }
    return [...names.values()].map((name) => ({ name }));
  }

  function describe(entity: string): EntityDescription | undefined {
    let pattern: FilePattern;
    try {
      pattern = patternOf(entity);
    } catch {
      return undefined;
    }
    const { key, writeMode } = config();
    const writable = !hasWildcard(pattern.glob);
    return {
      name: pattern.entity,
      label: pattern.sheet ? `${pattern.glob}, sheet ${pattern.sheet}` : pattern.glob,
      canList: true,
      canGet: true,
      canLookup: writable && key !== undefined,
      canCreate: writable,
      canUpdate: writable,
      canBatchUpsert: writable && (writeMode === 'append' || key !== undefined),
      canDelete: false,
      incremental: true,
      initialCursor: '',
      batchSize: pageSize,
      writeConcurrency: 1,
      ...(writable
        ? {
            createRetry:
              writeMode === 'upsert' && key !== undefined ? ('upsert' as const) : ('limited' as const),
          }
        : {}),
      fields: fieldsSeen.get(pattern.entity) ?? [],
    };
  }

  return {
    appName,
    entityNames() {
      try {
        return config().patterns.map((p) => p.entity);
      } catch {
        return [];
      }
    },
    describe,
    async prepare() {
      let patterns: readonly FilePattern[];
      try {
        patterns = config().patterns;
      } catch {
        return; // Settings in error: the connection test and the run say so.
      }
      for (const pattern of patterns)
        fieldsSeen.set(pattern.entity, await readFields(pattern).catch(() => []));
    },
    async check() {
      config();
      await folderMustExist();
      await readdir(config().folder).catch((error: unknown) =>
        Promise.reject(folderError(appName, config().folder, error)),
      );
    },
    async readPage(entity: string, cursor: string, state: PageState | undefined): Promise<Page> {
      const pattern = patternOf(entity);
      if (!state) await folderMustExist();
      const options = {
        appName,
        config: config(),
        pattern,
        snapshots: snapshotsFor(pattern),
        now: context.now,
        pageSize,
      };
      const current = passes.get(pattern.entity);
      const pass =
        state && current?.continues(state)
          ? current
          : ((state ? await FolderPass.resume(options, state) : undefined) ??
            (await FolderPass.start(options, cursor)));
      passes.set(pattern.entity, pass);
      return pass.nextPage();
    },
    getRecord: (entity, id) => findRow(entity, id),
    async lookup(entity, key) {
      const found = await findRow(entity, key).catch(() => undefined);
      return found?.id;
    },
    async create(entity, record) {
      const [id] = await write(entity, [{ key: keyOf(record, config().writeMode === 'upsert'), record }]);
      return id!;
    },
    async update(entity, _targetId, record) {
      const [id] = await write(entity, [{ key: keyOf(record, config().writeMode === 'upsert'), record }]);
      return id!;
    },
    async batchUpsert(entity, items) {
      const ids = await write(
        entity,
        items.map((item) => ({
          // The file's own key column decides which row a record is, whatever the flow matched it on.
          key: keyOf(item.record, config().writeMode === 'upsert'),
          record: item.record,
        })),
      );
      return new Map(items.map((item, i) => [(item.key || ids[i]!).toLowerCase(), ids[i]!]));
    },
    async remove() {
      throw new SyncError('validation', appName, {
        summary: `Patchbay does not delete rows from ${appName}'s files.`,
      });
    },
  };
}
