import Database from 'better-sqlite3';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-workspace.ts';
import { SqliteAppRepository } from './app-repository.ts';
import { migrations } from './migrations/index.ts';
import { openDatabase } from './open-database.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((fn) => fn()));

function tempFile(): string {
  const { dir, dispose } = makeTempDir();
  cleanups.push(dispose);
  return join(dir, 'workspace', 'patchbay.db');
}

describe('openDatabase', () => {
  it('creates the file with the tables of the architecture, WAL, foreign keys and a busy timeout', () => {
    const file = tempFile();
    const { db, schemaVersion, backupFile } = openDatabase(file);
    cleanups.unshift(() => db.close());
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'apps',
        'entities',
        'flows',
        'runs',
        'run_events',
        'failures',
        'record_links',
        'cursors',
        'audit',
      ]),
    );
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion).toBe(migrations.at(-1)!.version);
    expect(backupFile).toBeUndefined();
    expect(existsSync(file)).toBe(true);
  });

  it('runs only pending migrations and backs up an existing file before migrating it', () => {
    const file = tempFile();
    const first = openDatabase(file);
    first.db
      .prepare(
        "INSERT INTO apps (id, name, category, criticality, created_at, updated_at) VALUES ('a1', 'HubSpot', 'crm', 'high', 'x', 'x')",
      )
      .run();
    first.db.close();

    const again = openDatabase(file);
    expect(again.backupFile).toBeUndefined();
    again.db.close();

    const latest = migrations.at(-1)!.version;
    const withV2 = [
      ...migrations,
      {
        version: latest + 1,
        name: 'add colour',
        sql: "ALTER TABLE apps ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue'",
      },
    ];
    const upgraded = openDatabase(file, { migrations: withV2, now: () => new Date('2026-01-02T03:04:05Z') });
    cleanups.unshift(() => upgraded.db.close());
    expect(upgraded.schemaVersion).toBe(latest + 1);
    expect(upgraded.db.prepare('SELECT name, colour FROM apps').get()).toEqual({
      name: 'HubSpot',
      colour: 'blue',
    });
    expect(upgraded.backupFile).toBeDefined();
    expect(readdirSync(join(file, '..', 'backups'))).toEqual([
      `patchbay-v${latest}-2026-01-02T03-04-05-000Z.db`,
    ]);

    const backup = new Database(upgraded.backupFile!, { readonly: true });
    cleanups.unshift(() => backup.close());
    expect(backup.pragma('user_version', { simple: true })).toBe(latest);
    expect(backup.prepare('SELECT name FROM apps').get()).toEqual({ name: 'HubSpot' });
  });

  it('keeps the database, its WAL and its backups private to the user (0600 files, 0700 folders)', () => {
    const file = tempFile();
    const mode = (path: string) => statSync(path).mode & 0o777;
    const first = openDatabase(file);
    first.db.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run();
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    expect(mode(dirname(file))).toBe(0o700);
    first.db.close();

    // A database an older Patchbay left readable by everyone is made private when opened.
    chmodSync(file, 0o644);
    const latest = migrations.at(-1)!.version;
    const next = [...migrations, { version: latest + 1, name: 'noop', sql: 'SELECT 1' }];
    const upgraded = openDatabase(file, { migrations: next });
    cleanups.unshift(() => upgraded.db.close());
    expect(mode(file)).toBe(0o600);
    expect(mode(upgraded.backupFile!)).toBe(0o600);
    expect(mode(dirname(upgraded.backupFile!))).toBe(0o700);
    const backup = new Database(upgraded.backupFile!, { readonly: true });
    cleanups.unshift(() => backup.close());
    expect(backup.pragma('user_version', { simple: true })).toBe(latest);
  });

  it('turns the preset an app named into a REST connector of that id (version 8)', () => {
    const file = tempFile();
    const before = openDatabase(file, { migrations: migrations.filter((m) => m.version < 8) });
    before.db
      .prepare(
        `INSERT INTO apps (id, name, category, criticality, connector_kind, connector_config, created_at, updated_at)
         VALUES ('a1', 'HubSpot', 'crm', 'high', 'hubspot', '{"baseUrl":"http://127.0.0.1:1"}', 'x', 'x'),
                ('a2', 'Paper', 'other', 'low', NULL, '{}', 'x', 'x')`,
      )
      .run();
    before.db.close();
    const after = openDatabase(file);
    cleanups.unshift(() => after.db.close());
    const apps = new SqliteAppRepository(after.db);
    expect(apps.get('a1')!.connector).toEqual({
      kind: 'rest',
      connector: 'hubspot',
      config: { baseUrl: 'http://127.0.0.1:1' },
    });
    expect(apps.get('a2')!.connector).toBeNull();
  });

  it('rolls a failing migration back and keeps the data', () => {
    const file = tempFile();
    const first = openDatabase(file);
    first.db
      .prepare(
        "INSERT INTO apps (id, name, category, criticality, created_at, updated_at) VALUES ('a1', 'Xero', 'accounting', 'low', 'x', 'x')",
      )
      .run();
    first.db.close();

    const latest = migrations.at(-1)!.version;
    const broken = [
      ...migrations,
      { version: latest + 1, name: 'broken', sql: 'ALTER TABLE apps ADD COLUMN ok TEXT; THIS IS NOT SQL' },
    ];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();

    const reopened = openDatabase(file);
    cleanups.unshift(() => reopened.db.close());
    expect(reopened.db.pragma('user_version', { simple: true })).toBe(latest);
    const columns = reopened.db
      .prepare<[], { name: string }>('PRAGMA table_info(apps)')
      .all()
      .map((c) => c.name);
    expect(columns).not.toContain('ok');
    expect(reopened.db.prepare('SELECT name FROM apps').get()).toEqual({ name: 'Xero' });
  });

  it('refuses a database written by a newer Patchbay, in plain words', () => {
    const file = tempFile();
    const { db } = openDatabase(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer Patchbay.*Update Patchbay/);
  });

  it('enforces one system of record per entity in the schema itself', () => {
    const file = tempFile();
    const { db } = openDatabase(file);
    cleanups.unshift(() => db.close());
    const app = db.prepare(
      "INSERT INTO apps (id, name, category, criticality, created_at, updated_at) VALUES (?, ?, 'crm', 'low', 'x', 'x')",
    );
    app.run('a', 'A');
    app.run('b', 'B');
    const entity = db.prepare(
      'INSERT INTO entities (app_id, position, name, system_of_record) VALUES (?, 0, ?, ?)',
    );
    entity.run('a', 'Contacts', 1);
    expect(() => entity.run('b', 'contacts', 1)).toThrow(/UNIQUE/);
    entity.run('b', 'Contacts', 0);
  });
});
