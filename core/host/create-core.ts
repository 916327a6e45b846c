import { randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';
import { createDispatcher, type Handlers, type Invoke } from '../contract/dispatch.ts';
import { createAppsService } from '../services/apps-service.ts';
import { createHealthService } from '../services/health-service.ts';
import type { Clock, Logger, NewId } from '../services/ports.ts';
import { SqliteAppRepository } from '../storage/app-repository.ts';
import { SqliteAuditLog } from '../storage/audit-repository.ts';
import { openDatabase, type Db } from '../storage/open-database.ts';
import { SqliteSettings } from '../storage/settings-repository.ts';
import { EventBus, type EventListener } from './event-bus.ts';
import { patchbayVersion } from './version.ts';

export interface Core {
  /** Validates the input, runs the method, never throws: the one entry for every transport. */
  invoke: Invoke;
  onEvent(listener: EventListener): () => void;
  readonly workspace: { name: string; dir: string };
  /** Closes the database cleanly (checkpoints the WAL). */
  close(): void;
}

export interface CreateCoreOptions {
  readonly db: Db;
  readonly schemaVersion: number;
  readonly workspaceDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newId: NewId;
}

/** The composition root: every service gets its collaborators here and nowhere else. */
export function createCore(options: CreateCoreOptions): Core {
  const { db, clock, logger, newId } = options;
  const bus = new EventBus((error) => logger.error('An event listener failed', error));
  const apps = new SqliteAppRepository(db);
  const audit = new SqliteAuditLog(db);
  const settings = new SqliteSettings(db);
  const name = (settings.get('workspace.name') as string | undefined) ?? basename(options.workspaceDir);
  const workspace = { name, dir: options.workspaceDir };

  const appsService = createAppsService({
    db,
    apps,
    audit,
    clock,
    newId,
    emit: (payload) => bus.emit('apps.changed', payload),
  });
  const health = createHealthService({
    version: patchbayVersion,
    workspace,
    schemaVersion: options.schemaVersion,
    apps,
  });

  const handlers: Handlers = {
    'health.get': () => health.get(),
    'apps.list': () => appsService.list(),
    'apps.get': ({ id }) => appsService.get(id),
    'apps.create': (input) => appsService.create(input),
    'apps.update': ({ id, app }) => appsService.update(id, app),
    'apps.delete': ({ id }) => appsService.delete(id),
  };

  let closed = false;
  return {
    invoke: createDispatcher(handlers, (error) => logger.error('Unexpected error in an API call', error)),
    onEvent: (listener) => bus.on(listener),
    workspace,
    close() {
      if (closed) return;
      closed = true;
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

export const databaseFileName = 'patchbay.db';

export interface OpenCoreOptions {
  readonly workspaceDir: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
}

/** Opens the workspace's database (migrating it) and builds the core on it. */
export function openCore(options: OpenCoreOptions): Core {
  const logger = options.logger ?? consoleLogger;
  const { db, schemaVersion, backupFile } = openDatabase(join(options.workspaceDir, databaseFileName));
  if (backupFile)
    logger.info(`Upgraded the workspace database; the previous version is kept at ${backupFile}`);
  return createCore({
    db,
    schemaVersion,
    workspaceDir: options.workspaceDir,
    clock: options.clock ?? systemClock,
    logger,
    newId: randomUUID as NewId,
  });
}

export const systemClock: Clock = { now: () => new Date() };

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  error: (message, error) =>
    console.error(message, error instanceof Error ? (error.stack ?? error.message) : (error ?? '')),
};
