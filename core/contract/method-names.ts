/**
 * Every method of the Patchbay API, by name. Kept free of zod so the preload can
 * import it cheaply; `methods.ts` is type-checked against this list.
 */
export const methodNames = [
  'health.get',
  'apps.list',
  'apps.get',
  'apps.create',
  'apps.update',
  'apps.delete',
  'apps.circuits',
  'apps.connections',
  'apps.entities',
  'connectors.list',
  'connectors.check',
  'connectors.install',
  'connectors.remove',
  'flows.list',
  'flows.get',
  'flows.create',
  'flows.update',
  'flows.delete',
  'flows.pause',
  'flows.resume',
  'flows.run',
  'flows.dryRun',
  'flows.preview',
  'flows.cursor',
  'flows.moveCursor',
  'failures.list',
  'failures.retry',
  'failures.resolve',
  'failures.ignore',
  'failures.get',
  'failures.assign',
  'failures.note',
  'failures.people',
  'failures.retryWithEdit',
  'audit.list',
  'audit.export',
  'secrets.set',
  'secrets.delete',
  'credentials.list',
  'credentials.test',
  'credentials.testDraft',
  'oauth.start',
  'workspace.export',
  'workspace.import',
  'scheduler.status',
  'scheduler.pause',
  'scheduler.resume',
  'scheduler.catchUp',
  'runs.list',
  'runs.get',
  'runs.findRecord',
  'dashboard.get',
  'settings.get',
  'settings.update',
] as const;
export type MethodName = (typeof methodNames)[number];

/** Every event the API pushes (Electron IPC, Server-Sent Events, direct listeners). */
export const eventNames = [
  'apps.changed',
  'runs.started',
  'runs.progress',
  'runs.finished',
  'failures.added',
  'failures.resolved',
  'apps.circuit',
  'scheduler.logged',
  'scheduler.alert',
  'oauth.finished',
  'attention.needed',
] as const;
export type EventName = (typeof eventNames)[number];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (methodNames as readonly string[]).includes(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (eventNames as readonly string[]).includes(name);
}

/**
 * The IPC channel of the desktop app's "Open" dialog (core/contract/desktop.ts): answered
 * by Electron's main process, not the core, so it is no method of the API.
 */
export const choosePathChannel = 'patchbay-desktop:choosePath';
