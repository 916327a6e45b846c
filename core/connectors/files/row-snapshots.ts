import { hash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceAtomically } from './atomic-file.ts';

// What a folder looked like after a read pass: each file's modification time and size,
// and a short hash of each row's content by row id. A pass compares the folder with the
// snapshot its flow's cursor names and hands on only rows that differ, so a file
// re-exported with one changed row yields one record.
//
// Why this is crash safe: a pass writes a *new* snapshot, named by a new generation
// that becomes the flow's cursor only when the engine commits the pass's last page, in
// the same transaction as the records it wrote. Until then the cursor names the old
// snapshot, so a crash repeats the pass against it. Snapshots are never changed after
// they are written, and one a cursor no longer names is removed after some weeks.

export interface FileSnapshot {
  /** -1 when the file must be read again next pass (read only in part, or changed while read). */
  readonly mtimeMs: number;
  readonly size: number;
  /** Row id → content hash. */
  readonly rows: Readonly<Record<string, string>>;
}

export interface Snapshot {
  readonly files: Readonly<Record<string, FileSnapshot>>;
}

export const emptySnapshot: Snapshot = { files: {} };

// The one-shot form: a Hash object per row cost more than the digest (as sync-service.ts's sha256).
export const rowHash = (content: string) => hash('sha1', content, 'base64url').slice(0, 16);

const keepMs = 45 * 24 * 3600 * 1000;

/** A generation name sorts after the cursor it follows: the engine keeps the larger of two cursors. */
export function nextGeneration(cursor: string, now: Date): string {
  const candidate = `g${now.toISOString()}`;
  if (candidate > cursor) return candidate;
  return `${cursor}+`;
}

export class SnapshotStore {
  private readonly folder: string | undefined;

  constructor(folder: string | undefined) {
    this.folder = folder;
  }

  private pathOf(generation: string): string | undefined {
    if (!this.folder || !/^g[0-9TZ:.+-]+$/.test(generation)) return undefined;
    return join(this.folder, `${generation.replace(/:/g, '-')}.json`);
  }

  /** The snapshot a cursor names; an empty one when it is missing, so a lost snapshot means reading everything once. */
  async load(generation: string): Promise<Snapshot> {
    const path = this.pathOf(generation);
    if (!path) return emptySnapshot;
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as Snapshot;
      return parsed && typeof parsed.files === 'object' ? parsed : emptySnapshot;
    } catch {
      return emptySnapshot;
    }
  }

  async save(generation: string, snapshot: Snapshot, now: Date): Promise<void> {
    const path = this.pathOf(generation);
    if (!path || !this.folder) return;
    await mkdir(this.folder, { recursive: true });
    await replaceAtomically(path, (temp) => writeFile(temp, JSON.stringify(snapshot)), {
      now,
      backup: false,
      exists: false,
    });
    await this.removeOld(now);
  }

  private async removeOld(now: Date): Promise<void> {
    const folder = this.folder!;
    for (const name of await readdir(folder).catch(() => [] as string[])) {
      const path = join(folder, name);
      const info = await stat(path).catch(() => undefined);
      if (info && now.getTime() - info.mtimeMs > keepMs) await unlink(path).catch(() => undefined);
    }
  }
}
