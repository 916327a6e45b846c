import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncError } from '../../reliability/error-classes.ts';
import { matchesGlob, type FilePattern } from './folder-settings.ts';

// The files of the folder a pattern matches, and file-system errors in plain words.
// Excel keeps a lock file `~$name.xlsx` next to a workbook it has open: such a file is
// skipped for now (read on a later run) rather than read half-saved.

export interface FolderFile {
  readonly name: string;
  readonly path: string;
  readonly mtimeMs: number;
  readonly size: number;
}

export interface FolderListing {
  readonly files: FolderFile[];
  /** Files that match but cannot be read now, in plain words. */
  readonly notices: string[];
}

/** Patchbay's own files in the folder (temporary writes, backups) and Excel's lock files. */
const isOwnOrLockFile = (name: string) => name.startsWith('~$') || name.startsWith('.');

export const lockFileOf = (name: string) => `~$${name.slice(2)}`;

export async function listMatchingFiles(
  appName: string,
  folder: string,
  pattern: FilePattern,
): Promise<FolderListing> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    throw folderError(appName, folder, error);
  }
  const present = new Set(names.map((n) => n.toLowerCase()));
  const files: FolderFile[] = [];
  const notices: string[] = [];
  for (const name of names.sort()) {
    if (isOwnOrLockFile(name) || !matchesGlob(pattern.glob, name)) continue;
    if (isLocked(name, present)) {
      notices.push(lockedNotice(name));
      continue;
    }
    const path = join(folder, name);
    try {
      const info = await stat(path);
      if (info.isDirectory()) notices.push(`${name} is a folder, not a file: it was left out.`);
      else if (info.isFile()) files.push({ name, path, mtimeMs: info.mtimeMs, size: info.size });
      else notices.push(`${name} is not an ordinary file: it was left out.`);
    } catch (error) {
      notices.push(fileProblem(name, error));
    }
  }
  return { files, notices };
}

/** Excel names its lock file `~$` plus the name less its first two characters (`~$ders.xlsx` for orders.xlsx). */
function isLocked(name: string, present: ReadonlySet<string>): boolean {
  return present.has(`~$${name}`.toLowerCase()) || present.has(lockFileOf(name).toLowerCase());
}

export const lockedNotice = (name: string) =>
  `${name} is open in another program (Excel keeps it locked): Patchbay leaves it for now and reads it on a later run, once it is closed.`;

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** Why one file cannot be read, in words; never an error of its own, so one bad file does not stop the others. */
export function fileProblem(name: string, error: unknown): string {
  switch (codeOf(error)) {
    case 'EBUSY':
    case 'EPERM':
      return lockedNotice(name);
    case 'EACCES':
      return `${name} cannot be read: this Windows/computer account has no permission to open it.`;
    case 'ELOOP':
      return `${name} is a shortcut (link) that leads back to itself: it was left out.`;
    case 'ENOENT':
      return `${name} was moved or deleted while Patchbay was reading the folder: it is read on the next run if it is back.`;
    case 'EISDIR':
      return `${name} is a folder, not a file: it was left out.`;
    default:
      return `${name} could not be read (${error instanceof Error ? error.message.slice(0, 120) : 'unknown problem'}).`;
  }
}

/** The folder itself missing or unreadable stops the run, and the next run tries again. */
export function folderError(appName: string, folder: string, error: unknown): SyncError {
  const code = codeOf(error);
  const why =
    code === 'ENOENT'
      ? `the folder ${folder} does not exist (was it moved, or is a network drive not connected?)`
      : code === 'ENOTDIR'
        ? `${folder} is a file, not a folder`
        : code === 'EACCES' || code === 'EPERM'
          ? `this computer account has no permission to open the folder ${folder}`
          : `the folder ${folder} could not be opened (${error instanceof Error ? error.message.slice(0, 120) : 'unknown problem'})`;
  return new SyncError('network', appName, { summary: `Patchbay could not read ${appName}: ${why}.` });
}

/** A file that exists but is locked for writing: the run stops, and a later run writes it. */
export function lockedForWriting(appName: string, name: string): SyncError {
  return new SyncError('server', appName, {
    summary: `${name} in ${appName} is open in another program (Excel keeps it locked): Patchbay writes it on a later run, once it is closed.`,
  });
}

export async function existingFile(path: string): Promise<{ mtimeMs: number; size: number } | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? { mtimeMs: info.mtimeMs, size: info.size } : undefined;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

export { codeOf };
