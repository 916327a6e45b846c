import { z } from 'zod';
import { appIdSchema, appInputSchema, appSchema, appUpdateSchema } from './apps.ts';
import {
  connectorCheckSchema,
  connectorInstallResultSchema,
  connectorManifestInputSchema,
  connectorSummarySchema,
  entityDescriptionSchema,
} from './connectors.ts';
import { failureFilterSchema, failureSchema, flowInputSchema, flowSchema } from './flows.ts';
import {
  assignFailuresSchema,
  failureDetailSchema,
  failureRefSchema,
  noteFailuresSchema,
  retryWithEditResultSchema,
  retryWithEditSchema,
} from './failure-actions.ts';
import { auditExportSchema, auditFilterSchema, auditListInputSchema, auditListSchema } from './audit.ts';
import {
  credentialDraftTestSchema,
  credentialStatusSchema,
  credentialTestResultSchema,
  credentialTestSchema,
} from './credentials.ts';
import { healthSchema } from './health.ts';
import { connectionStatusSchema } from './connections.ts';
import {
  recordHistorySchema,
  recordSearchSchema,
  runDetailSchema,
  runFilterSchema,
  runSchema,
} from './runs.ts';
import { dashboardSchema, workspaceSettingsSchema } from './settings.ts';
import { scheduleLogEntrySchema, schedulerStatusSchema } from './scheduler.ts';
import {
  appCircuitSchema,
  checkpointSchema,
  circuitKinds,
  closeFailuresSchema,
  dryRunReportSchema,
  flowRefSchema,
  flowRunSchema,
  moveCursorResultSchema,
  moveCursorSchema,
  previewInputSchema,
  previewResultSchema,
  retrySelectionSchema,
  runCountsSchema,
  runResultSchema,
  runStatuses,
  runTriggers,
  secretInputSchema,
} from './sync.ts';
import { importSummarySchema, workspaceDocumentSchema, workspaceImportInputSchema } from './workspace.ts';
import type { EventName, MethodName } from './method-names.ts';

interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  kind: 'query' | 'command';
  description: string;
  input: I;
  output: O;
}

const empty = z.object({}).strict().default({});

/**
 * The API contract: one table, walked by every transport (direct calls, browser-mode
 * HTTP, Electron IPC). Types are derived from it, never written twice.
 */
export const methods = {
  /** Is the core up, which workspace is open, at which schema version. */
  'health.get': {
    kind: 'query',
    description: 'Core status and open workspace',
    input: empty,
    output: healthSchema,
  },
  /** The app inventory, sorted by name. */
  'apps.list': {
    kind: 'query',
    description: 'List the app inventory',
    input: empty,
    output: z.array(appSchema),
  },
  /** One app with its entities. */
  'apps.get': { kind: 'query', description: 'One app by id', input: appIdSchema, output: appSchema },
  /** Add an app to the inventory. Names are unique; an entity has at most one system of record. */
  'apps.create': { kind: 'command', description: 'Add an app', input: appInputSchema, output: appSchema },
  /** Replace an app's details and entities. */
  'apps.update': { kind: 'command', description: 'Change an app', input: appUpdateSchema, output: appSchema },
  /** Remove an app from the inventory (refused while flows use it). */
  'apps.delete': {
    kind: 'command',
    description: 'Remove an app',
    input: appIdSchema,
    output: z.object({ id: z.string() }),
  },
  /** Apps whose flows Patchbay paused (a refused credential, an app not answering), and why. */
  'apps.circuits': {
    kind: 'query',
    description: 'Paused apps and why',
    input: empty,
    output: z.array(appCircuitSchema),
  },
  /**
   * What is known of each app's connection: not connected, no key, not tested,
   * connected (when), refused, unreachable; from the last connection test, the
   * credential's last use and Patchbay's pauses. Never "connected" without proof.
   */
  'apps.connections': {
    kind: 'query',
    description: "Each app's connection as far as it is known",
    input: empty,
    output: z.array(connectionStatusSchema),
  },
  /**
   * What an app's connector reads and writes, as the app itself says: a database's
   * tables, views and saved queries with their columns as fields (the flow editor offers them).
   */
  'apps.entities': {
    kind: 'query',
    description: "An app's entities and fields, from the app itself",
    input: appIdSchema,
    output: z.array(entityDescriptionSchema),
  },
  /** The connector catalogue: built-in and installed connectors, and what each can do with each entity. */
  'connectors.list': {
    kind: 'query',
    description: 'The connector catalogue',
    input: empty,
    output: z.array(connectorSummarySchema),
  },
  /** What a connector manifest would become, every problem with its path; installs nothing. */
  'connectors.check': {
    kind: 'query',
    description: 'Check a connector manifest',
    input: connectorManifestInputSchema,
    output: connectorCheckSchema,
  },
  /** Installs a connector into the workspace, or updates it to a newer version. */
  'connectors.install': {
    kind: 'command',
    description: 'Install a connector',
    input: connectorManifestInputSchema,
    output: connectorInstallResultSchema,
  },
  /** Removes an installed connector; refused while an app uses it. */
  'connectors.remove': {
    kind: 'command',
    description: 'Remove a connector',
    input: z.object({ id: z.string().min(1, { error: 'Which connector? The id is missing.' }).max(200) }),
    output: z.object({ id: z.string() }),
  },
  'flows.list': { kind: 'query', description: 'List flows', input: empty, output: z.array(flowSchema) },
  'flows.get': {
    kind: 'query',
    description: 'One flow by id or name',
    input: flowRefSchema,
    output: flowSchema,
  },
  /** Add a flow: source app+entity → mapping → target app+entity. */
  'flows.create': { kind: 'command', description: 'Add a flow', input: flowInputSchema, output: flowSchema },
  'flows.update': {
    kind: 'command',
    description: 'Change a flow',
    input: z.object({ id: z.string().min(1), flow: flowInputSchema }),
    output: flowSchema,
  },
  'flows.delete': {
    kind: 'command',
    description: 'Remove a flow',
    input: flowRefSchema,
    output: z.object({ id: z.string() }),
  },
  /** Stop a flow running on its schedule ("Sync now" still works). */
  'flows.pause': {
    kind: 'command',
    description: "Pause a flow's schedule",
    input: flowRefSchema,
    output: flowSchema,
  },
  'flows.resume': {
    kind: 'command',
    description: "Resume a flow's schedule",
    input: flowRefSchema,
    output: flowSchema,
  },
  /** Run a flow now ("Sync now"); answers when the run has finished. Progress arrives as events. */
  'flows.run': {
    kind: 'command',
    description: 'Run a flow now',
    input: flowRunSchema,
    output: runResultSchema,
  },
  /** What a run would write, writing nothing. */
  'flows.dryRun': {
    kind: 'query',
    description: 'Dry run of a flow',
    input: flowRefSchema,
    output: dryRunReportSchema,
  },
  /** A mapping (saved or not) tried on the source's first few records: source → target, writing nothing. */
  'flows.preview': {
    kind: 'query',
    description: 'Preview a mapping on sample records',
    input: previewInputSchema,
    output: previewResultSchema,
  },
  'flows.cursor': {
    kind: 'query',
    description: "A flow's incremental cursor",
    input: flowRefSchema,
    output: z.object({ flowId: z.string(), checkpoint: checkpointSchema.nullable() }),
  },
  /** Rewind a flow's cursor to a date, or reset it for a full re-read; `dryRun` counts first. */
  'flows.moveCursor': {
    kind: 'command',
    description: 'Rewind or reset a cursor',
    input: moveCursorSchema,
    output: moveCursorResultSchema,
  },
  'failures.list': {
    kind: 'query',
    description: 'The failure queue, paged',
    input: failureFilterSchema,
    output: z.object({ items: z.array(failureSchema), total: z.number().int() }),
  },
  /** Retry failures with the flow's current mapping: some, a run's, a flow's, or all. */
  'failures.retry': {
    kind: 'command',
    description: 'Retry failures',
    input: retrySelectionSchema,
    output: z.object({ runs: z.array(runResultSchema), retried: z.number().int() }),
  },
  'failures.resolve': {
    kind: 'command',
    description: 'Mark failures resolved',
    input: closeFailuresSchema,
    output: z.object({ changed: z.number().int() }),
  },
  'failures.ignore': {
    kind: 'command',
    description: 'Ignore failures',
    input: closeFailuresSchema,
    output: z.object({ changed: z.number().int() }),
  },
  /** One failure opened: the record, its link into its app, and the values it would be written with. */
  'failures.get': {
    kind: 'query',
    description: 'One failure with the values to correct',
    input: failureRefSchema,
    output: failureDetailSchema,
  },
  /** Hand failures to a person (free text), or to nobody with `null`. */
  'failures.assign': {
    kind: 'command',
    description: 'Assign failures to a person',
    input: assignFailuresSchema,
    output: z.object({ changed: z.number().int() }),
  },
  /** Write a note on failures without closing them; an empty note removes it. */
  'failures.note': {
    kind: 'command',
    description: 'Write a note on failures',
    input: noteFailuresSchema,
    output: z.object({ changed: z.number().int() }),
  },
  /** Names to assign failures to: the Settings list first, then names used before. */
  'failures.people': {
    kind: 'query',
    description: 'People failures can be assigned to',
    input: empty,
    output: z.object({ names: z.array(z.string()) }),
  },
  /**
   * Retry one failed record with corrected values instead of what the mapping makes:
   * refused, field by field, when the target would refuse them (a field it does not
   * have, a value the flow needs left empty, text where it takes a number). The
   * corrected values go to the audit log.
   */
  'failures.retryWithEdit': {
    kind: 'command',
    description: 'Retry a failed record with corrected values',
    input: retryWithEditSchema,
    output: retryWithEditResultSchema,
  },
  /** Who changed what and when, newest first: by kind, text and dates. Never a secret. */
  'audit.list': {
    kind: 'query',
    description: 'The audit log',
    input: auditListInputSchema,
    output: auditListSchema,
  },
  /** The filtered audit log as a CSV file's text. */
  'audit.export': {
    kind: 'query',
    description: 'The audit log as CSV',
    input: auditFilterSchema,
    output: auditExportSchema,
  },
  /** Save an app's credential to the OS keychain; it is never shown again. */
  'secrets.set': {
    kind: 'command',
    description: "Save an app's credential",
    input: secretInputSchema,
    output: z.object({ appId: z.string() }),
  },
  'secrets.delete': {
    kind: 'command',
    description: "Forget an app's credential",
    input: z.object({ appId: z.string().min(1) }),
    output: z.object({ deleted: z.boolean() }),
  },
  /**
   * Every app's credential: saved or missing, when it was saved, rotated and last used,
   * and its health in plain words (expired, expiring soon, due for rotation, refused).
   * Never a credential's value.
   */
  'credentials.list': {
    kind: 'query',
    description: 'Credential health per app',
    input: empty,
    output: z.array(credentialStatusSchema),
  },
  /** Try an app's saved credential with its connector's cheap check call. */
  'credentials.test': {
    kind: 'command',
    description: "Test an app's credential",
    input: credentialTestSchema,
    output: credentialTestResultSchema,
  },
  /** Try an app before it is saved: its connector's cheap check with the settings and credential as typed. */
  'credentials.testDraft': {
    kind: 'command',
    description: 'Test a connection before saving the app',
    input: credentialDraftTestSchema,
    output: credentialTestResultSchema,
  },
  /**
   * Connect an app that signs in with OAuth 2.0: answers the consent page to open in the
   * system browser; the sign-in finishes in the background and ends with `oauth.finished`.
   */
  'oauth.start': {
    kind: 'command',
    description: 'Connect an app through the browser',
    input: z.object({ appId: z.string().min(1, { error: 'Which app? The id is missing.' }) }),
    output: z.object({ authorizeUrl: z.string() }),
  },
  /** The whole setup as a workspace file, without secrets. */
  'workspace.export': {
    kind: 'query',
    description: 'Export the workspace',
    input: empty,
    output: workspaceDocumentSchema,
  },
  'workspace.import': {
    kind: 'command',
    description: 'Import a workspace file',
    input: workspaceImportInputSchema,
    output: importSummarySchema,
  },
  /** Run history, newest first, filtered by flow, status and start date. */
  'runs.list': {
    kind: 'query',
    description: 'Run history',
    input: runFilterSchema,
    output: z.object({ items: z.array(runSchema), total: z.number().int() }),
  },
  /** One run: counts, its timeline, and the records that failed in it. */
  'runs.get': {
    kind: 'query',
    description: 'One run with its timeline',
    input: z.object({ id: z.number().int().positive() }),
    output: runDetailSchema,
  },
  /**
   * "Find a record": every flow record whose match-key value (email, order number) or
   * id in either app is the query, with each run still in the history that read it
   * (created, updated, unchanged, failed) and its failures.
   */
  'runs.findRecord': {
    kind: 'query',
    description: 'Find a record in the history',
    input: recordSearchSchema,
    output: z.object({ records: z.array(recordHistorySchema) }),
  },
  /** Flow health, records synced, open failures by app, hours saved. */
  'dashboard.get': { kind: 'query', description: 'The dashboard', input: empty, output: dashboardSchema },
  'settings.get': {
    kind: 'query',
    description: 'Workspace settings',
    input: empty,
    output: workspaceSettingsSchema,
  },
  'settings.update': {
    kind: 'command',
    description: 'Change workspace settings',
    input: workspaceSettingsSchema.partial(),
    output: workspaceSettingsSchema,
  },
  /** Schedules in words, next runs, what runs and waits now, and the scheduler's recent decisions. */
  'scheduler.status': {
    kind: 'query',
    description: 'Scheduler status and next runs',
    input: empty,
    output: schedulerStatusSchema,
  },
  'scheduler.pause': {
    kind: 'command',
    description: 'Pause every schedule',
    input: empty,
    output: schedulerStatusSchema,
  },
  /** Resume the scheduler; runs missed while it was paused are not caught up. */
  'scheduler.resume': {
    kind: 'command',
    description: 'Resume the schedules',
    input: empty,
    output: schedulerStatusSchema,
  },
  /** Handle scheduled runs missed while the PC slept (the desktop app calls it on resume). */
  'scheduler.catchUp': {
    kind: 'command',
    description: 'Catch up missed runs',
    input: empty,
    output: z.object({ queued: z.number().int() }),
  },
} as const satisfies { [N in MethodName]: MethodSpec<z.ZodType, z.ZodType> };

export type Methods = typeof methods;
export type MethodInput<N extends MethodName> = z.input<Methods[N]['input']>;
export type MethodParsedInput<N extends MethodName> = z.output<Methods[N]['input']>;
export type MethodOutput<N extends MethodName> = z.output<Methods[N]['output']>;

/** Events pushed to every listener. */
export const events = {
  /** An app was created, changed or deleted. */
  'apps.changed': z.object({ id: z.string(), change: z.enum(['created', 'updated', 'deleted']) }),
  /** A run began. */
  'runs.started': z.object({ runId: z.number().int(), flowId: z.string(), trigger: z.enum(runTriggers) }),
  /** A page was committed: records so far. */
  'runs.progress': z.object({
    runId: z.number().int(),
    flowId: z.string(),
    page: z.number().int(),
    counts: runCountsSchema,
  }),
  'runs.finished': z.object({
    runId: z.number().int(),
    flowId: z.string(),
    status: z.enum(runStatuses),
    counts: runCountsSchema,
    error: z.string().optional(),
  }),
  'failures.added': z.object({ flowId: z.string(), ids: z.array(z.number().int()) }),
  'failures.resolved': z.object({ flowId: z.string(), ids: z.array(z.number().int()) }),
  /** The scheduler skipped a run, caught up missed ones, or raised an alert. */
  'scheduler.logged': scheduleLogEntrySchema,
  /** Something should have run and did not: shown on the dashboard, never silent. */
  'scheduler.alert': z.object({ flowId: z.string().nullable(), message: z.string() }),
  /** Patchbay paused (open) or resumed (closed) an app's flows. */
  'apps.circuit': z.object({
    appId: z.string(),
    state: z.enum(['open', 'closed']),
    kind: z.enum(circuitKinds),
    reason: z.string(),
    flowIds: z.array(z.string()),
  }),
  /** A browser sign-in started by `oauth.start` ended: connected, or why not, in words. */
  'oauth.finished': z.object({ appId: z.string(), ok: z.boolean(), message: z.string() }),
  /**
   * Something needs someone: a run failed or left records behind, Patchbay paused an
   * app's flows, or a scheduled run was missed. Sent only while notifications are on;
   * the desktop app shows it as a system notification.
   */
  'attention.needed': z.object({ flowId: z.string().nullable(), title: z.string(), body: z.string() }),
} as const satisfies { [E in EventName]: z.ZodType };

export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export interface PatchbayEvent<E extends EventName = EventName> {
  name: E;
  payload: EventPayload<E>;
}

/** The events named by `E`, as a union that a switch on `name` narrows. */
export type EventOf<E extends EventName> = E extends EventName ? PatchbayEvent<E> : never;
