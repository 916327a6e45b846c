import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { InTransaction } from '../services/repositories.ts';
import { migrations as defaultMigrations, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Defaults to the app's migrations; tests pass their own list. */
  migrations?: readonly Migration[];
  /** For the backup file name taken before migrating an existing database. */
  now?: () => Date;
}

export interface OpenedDatabase {
  db: Db;
  schemaVersion: number;
  /** Path of the copy taken before migrating, when one was needed. */
  backupFile: string | undefined;
}

// The database holds customers' emails and phones: readable by the user only. SQLite
// gives its -wal and -shm files the database file's mode, and VACUUM INTO writes into
// an empty file that already exists, so creating each file first with these modes is enough.
const privateFile = 0o600;
const privateFolder = 0o700;

/** Creates the file private, or makes one left readable by an older Patchbay private. */
function keepPrivate(file: string): void {
  closeSync(openSync(file, 'a', privateFile));
  chmodSync(file, privateFile);
  for (const companion of [`${file}-wal`, `${file}-shm`])
    if (existsSync(companion)) chmodSync(companion, privateFile);
}

/**
 * Opens (or creates) a workspace database: WAL, foreign keys, a busy timeout, then
 * runs pending numbered migrations, each in its own transaction. An existing file
 * is copied first (`VACUUM INTO`, a consistent snapshot) so a failed upgrade never
 * costs the office its data.
 *
 * Several processes may have one workspace open (issue 16). Transactions that write
 * are IMMEDIATE (`db.transaction(fn).immediate()`): a deferred one that reads first
 * and then writes after another process committed fails at once with "database is
 * locked" (SQLITE_BUSY_SNAPSHOT), busy timeout or not; an immediate one waits.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const migrations = options.migrations ?? defaultMigrations;
  mkdirSync(dirname(file), { recursive: true, mode: privateFolder });
  const existed = existsSync(file);
  keepPrivate(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');

    const current = db.pragma('user_version', { simple: true }) as number;
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (current > latest) {
      throw new Error(
        `This workspace was saved by a newer Patchbay (database version ${current}; this one knows up to ${latest}). Update Patchbay to open it.`,
      );
    }
    const pending = migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
    let backupFile: string | undefined;
    if (pending.length > 0 && existed && current > 0) {
      const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      backupFile = join(dirname(file), 'backups', `${basename(file, '.db')}-v${current}-${stamp}.db`);
      mkdirSync(dirname(backupFile), { recursive: true, mode: privateFolder });
      chmodSync(dirname(backupFile), privateFolder);
      closeSync(openSync(backupFile, 'wx', privateFile));
      db.prepare('VACUUM INTO ?').run(backupFile);
    }
    for (const migration of pending) {
      // Another process may open the same new workspace at this moment: take the write
      // lock first, then re-read the version, so only one of them applies each step.
      db.transaction(() => {
        if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
        if (migration.editsSchemaText) editSchemaText(db, migration.sql);
        else db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    }
    return { db, schemaVersion: Math.max(current, latest), backupFile };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The procedure of https://www.sqlite.org/lang_altertable.html#otheralter for changes
 * that leave the file as it is (dropping a CHECK or FOREIGN KEY constraint): edit the
 * table's text with the schema writable, bump schema_version so every connection reads
 * the new text, and check the database before the transaction commits.
 * better-sqlite3 keeps the schema read-only (SQLite's defensive mode) outside unsafe mode.
 */
function editSchemaText(db: Db, sql: string): void {
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    db.exec(sql);
    const version = db.pragma('schema_version', { simple: true }) as number;
    db.pragma(`schema_version = ${version + 1}`);
    db.pragma('writable_schema = OFF');
  } finally {
    db.unsafeMode(false);
  }
  const check = db.pragma('integrity_check', { simple: true });
  if (check !== 'ok')
    throw new Error(`The database did not pass its check after the upgrade: ${String(check)}`);
}

/** The `InTransaction` port on this database: writes take the write lock first (IMMEDIATE). */
export function writeTransaction(db: Db): InTransaction {
  return (work) => db.transaction(work).immediate();
}
