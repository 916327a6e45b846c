import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { codeOf } from './folder-files.ts';

// A file replaced whole or not at all: the new version is written beside it under a
// temporary name, flushed to disk (fsync), and renamed over the old one, which the
// file system does in one step. A crash leaves either the old file or the new one,
// never half of one. The version replaced first each day is kept in "Patchbay backups".

export const backupFolderName = 'Patchbay backups';

const tempPrefix = (path: string) => `.${basename(path)}.patchbay-`;

/** Forces a file's bytes (`r+`) or a folder's entries (`r`: a rename) to disk. */
async function flush(path: string, flags: 'r+' | 'r'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export const flushFile = (path: string) => flush(path, 'r+');

/** Windows has no call to flush a folder, and needs none. */
const flushFolder = async (folder: string) => (process.platform === 'win32' ? undefined : flush(folder, 'r'));

/** Temporary files a crash left behind: only Patchbay writes them, one writer per file at a time. */
async function removeStaleTemps(path: string): Promise<void> {
  const prefix = tempPrefix(path);
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(prefix))
      .map((n) => unlink(join(dirname(path), n)).catch(() => undefined)),
  );
}

/** `orders 2026-11-29.csv` in the backup folder: the version before the day's first write. */
async function keepDatedBackup(path: string, today: Date): Promise<void> {
  const folder = join(dirname(path), backupFolderName);
  await mkdir(folder, { recursive: true });
  const ext = extname(path);
  const backup = join(folder, `${basename(path, ext)} ${today.toISOString().slice(0, 10)}${ext}`);
  try {
    // A hard link keeps the old bytes without copying them: the rename gives the name to the new file.
    await link(path, backup);
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return;
    await copyFile(path, backup).catch((copyError: unknown) => {
      if (codeOf(copyError) !== 'EEXIST') throw copyError;
    });
  }
}

/**
 * Replaces `path` with what `write` puts in the temporary file it is given. A dated
 * backup of the old version is kept when `backup` is set.
 */
export async function replaceAtomically(
  path: string,
  write: (tempPath: string) => Promise<void>,
  options: { readonly now: Date; readonly backup: boolean; readonly exists: boolean },
): Promise<void> {
  await removeStaleTemps(path);
  const temp = join(dirname(path), `${tempPrefix(path)}${randomBytes(6).toString('hex')}.tmp`);
  try {
    await write(temp);
    await flushFile(temp);
    if (options.backup && options.exists) await keepDatedBackup(path, options.now);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await flushFolder(dirname(path)).catch(() => undefined);
}
