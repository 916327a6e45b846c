import type { Page, PageState, RejectedRecord, SourceRecord } from '../connector.ts';
import { fileRecords, type FileItem } from './file-records.ts';
import { existingFile, fileProblem, listMatchingFiles, type FolderFile } from './folder-files.ts';
import type { FilePattern, FolderConfig } from './folder-settings.ts';
import { nextGeneration, type FileSnapshot, type Snapshot, type SnapshotStore } from './row-snapshots.ts';
import { join } from 'node:path';

// One read pass over the files a pattern matches, a page at a time. Files unchanged
// since the snapshot the cursor names (same modification time and size) are not
// opened; in the others only rows whose content hash differs become records. Every
// record of the pass carries the pass's generation as its cursor value, so the
// engine's cursor moves to the new snapshot when it commits the last page.

export interface PassOptions {
  readonly appName: string;
  readonly config: FolderConfig;
  readonly pattern: FilePattern;
  readonly snapshots: SnapshotStore;
  readonly now: () => Date;
  readonly pageSize: number;
}

/** Where a pass stands, as plain JSON the engine commits with each page. */
interface PassState {
  readonly generation: string;
  /** The cursor the pass compares against. */
  readonly base: string;
  readonly files: readonly string[];
  /** The file being read, as an index into `files`. */
  readonly at: number;
  /** The last line of that file already handed on. */
  readonly line: number;
}

function parseState(state: PageState): PassState | undefined {
  const { generation, base, files, at, line } = state as Partial<PassState>;
  if (typeof generation !== 'string' || typeof base !== 'string' || !Array.isArray(files)) return undefined;
  if (typeof at !== 'number' || typeof line !== 'number') return undefined;
  return { generation, base, files: files.map(String), at, line };
}

interface OpenFile {
  readonly file: FolderFile;
  readonly items: AsyncGenerator<FileItem>;
  /** Lines up to here were handed on before a restart: read again, not handed on again. */
  readonly skipUntil: number;
  readonly rows: Record<string, string>;
  stopped: boolean;
}

export class FolderPass {
  private readonly built: Record<string, FileSnapshot> = {};
  private open: OpenFile | undefined;
  private readonly pendingNotices: string[] = [];
  private readonly baseHashes: Map<string, string>;

  private readonly options: PassOptions;
  private readonly base: Snapshot;
  private state: PassState;
  /** Resumed after a restart at this file: its lines up to `state.line` were handed on by another process. */
  private readonly resumedAt: number | undefined;

  private constructor(options: PassOptions, base: Snapshot, state: PassState, resumedAt: number | undefined) {
    this.options = options;
    this.base = base;
    this.state = state;
    this.resumedAt = resumedAt;
    this.baseHashes = new Map(Object.values(base.files).flatMap((f) => Object.entries(f.rows)));
    // Files finished before a restart keep the old snapshot's entries: rows handed on then
    // that differ from it are handed on again next pass (harmless: the engine sees them
    // unchanged), never marked as synced without having been.
    for (const name of state.files.slice(0, state.at)) {
      const prior = base.files[name];
      if (prior) this.built[name] = { ...prior, mtimeMs: -1 };
    }
  }

  static async start(options: PassOptions, cursor: string): Promise<FolderPass> {
    const base = await options.snapshots.load(cursor);
    const listing = await listMatchingFiles(options.appName, options.config.folder, options.pattern);
    const state = {
      generation: nextGeneration(cursor, options.now()),
      base: cursor,
      files: listing.files.map((f) => f.name),
      at: 0,
      line: 0,
    };
    const pass = new FolderPass(options, base, state, undefined);
    pass.pendingNotices.push(...listing.notices);
    // Files left out now keep what the old snapshot knew of them, so they are read once they can be.
    for (const name of Object.keys(base.files))
      if (!state.files.includes(name)) pass.built[name] = { ...base.files[name]!, mtimeMs: -1 };
    return pass;
  }

  /** The pass a page state continues, after a restart (or from another connector). */
  static async resume(options: PassOptions, raw: PageState): Promise<FolderPass | undefined> {
    const state = parseState(raw);
    if (!state) return undefined;
    return new FolderPass(options, await options.snapshots.load(state.base), state, state.at);
  }

  /** Does this pass continue from `raw` (the page state this connector handed out last)? */
  continues(raw: PageState | undefined): boolean {
    const state = raw && parseState(raw);
    return (
      !!state &&
      state.generation === this.state.generation &&
      state.at === this.state.at &&
      state.line === this.state.line
    );
  }

  async nextPage(): Promise<Page> {
    const records: SourceRecord[] = [];
    const rejected: RejectedRecord[] = [];
    const notices = this.pendingNotices.splice(0);
    while (records.length + rejected.length < this.options.pageSize) {
      if (!this.open) {
        if (this.state.at >= this.state.files.length) {
          await this.options.snapshots.save(this.state.generation, { files: this.built }, this.options.now());
          return { records, rejected, notices, next: undefined };
        }
        await this.openFile(this.state.files[this.state.at]!, notices);
        continue;
      }
      const step = await this.open.items.next();
      if (step.done) {
        await this.closeFile();
        continue;
      }
      const item = step.value;
      if (item.line <= this.open.skipUntil && (item.kind === 'record' || item.kind === 'rejected')) {
        if (item.kind === 'record') this.open.rows[item.id] = this.baseHashes.get(item.id) ?? '';
        continue;
      }
      this.state = { ...this.state, line: Math.max(this.state.line, item.line) };
      switch (item.kind) {
        case 'record':
          this.open.rows[item.id] = item.hash;
          if (this.baseHashes.get(item.id) !== item.hash)
            records.push({ id: item.id, fields: item.fields, cursorValue: this.state.generation });
          break;
        case 'rejected':
          rejected.push({ id: item.id, fields: item.fields, message: item.message });
          break;
        case 'stopped':
          this.open.stopped = true;
          notices.push(item.message);
          break;
        case 'notice':
          notices.push(item.message);
          break;
      }
    }
    return { records, rejected, notices, next: { ...this.state } };
  }

  private async openFile(name: string, notices: string[]): Promise<void> {
    const path = join(this.options.config.folder, name);
    const info = await existingFile(path).catch((error: unknown) => {
      notices.push(fileProblem(name, error));
      return undefined;
    });
    const prior = this.base.files[name];
    const resumed = this.resumedAt === this.state.at;
    if (!info) {
      if (prior) this.built[name] = { ...prior, mtimeMs: -1 };
      this.state = { ...this.state, at: this.state.at + 1, line: 0 };
      return;
    }
    if (!resumed && prior && prior.mtimeMs === info.mtimeMs && prior.size === info.size) {
      this.built[name] = prior;
      this.state = { ...this.state, at: this.state.at + 1, line: 0 };
      return;
    }
    const file = { name, path, ...info };
    this.open = {
      file,
      items: fileRecords(file, this.options.pattern, this.options.config),
      skipUntil: resumed ? this.state.line : 0,
      rows: {},
      stopped: false,
    };
  }

  private async closeFile(): Promise<void> {
    const open = this.open!;
    this.open = undefined;
    const after = await existingFile(open.file.path).catch(() => undefined);
    const changedWhileRead = !after || after.mtimeMs !== open.file.mtimeMs || after.size !== open.file.size;
    const prior = this.base.files[open.file.name];
    const readAgain = changedWhileRead || open.stopped || this.resumedAt === this.state.at;
    this.built[open.file.name] = {
      mtimeMs: readAgain ? -1 : open.file.mtimeMs,
      size: open.file.size,
      // A file read only in part keeps what the old snapshot knew of the rest.
      rows: readAgain ? { ...(prior?.rows ?? {}), ...withoutBlanks(open.rows) } : open.rows,
    };
    this.state = { ...this.state, at: this.state.at + 1, line: 0 };
  }
}

function withoutBlanks(rows: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(rows).filter(([, hash]) => hash !== ''));
}
