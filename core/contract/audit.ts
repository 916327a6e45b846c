import { z } from 'zod';

// The audit log as people read it (issue 14, item 17): who changed what and when, by
// kind, in words. Pure and shared: the view, the CSV export and the CLI say the same.

/** What an entry is about, for the filter. An action not listed here shows under "all" only. */
export const auditKinds = {
  config: {
    label: 'Setup changes',
    actions: [
      'app.create',
      'app.update',
      'app.delete',
      'flow.create',
      'flow.update',
      'flow.delete',
      'flow.pause',
      'flow.resume',
      'flow.cursor',
      'connector.install',
      'connector.update',
      'connector.remove',
      'settings.update',
      'scheduler.pause',
      'scheduler.resume',
    ],
  },
  credentials: { label: 'Credentials', actions: ['credential.set', 'credential.delete'] },
  runs: { label: 'Runs started by hand', actions: ['flow.run'] },
  failures: {
    label: 'Retries and failures',
    actions: [
      'failures.retry',
      'failures.retry-edited',
      'failures.resolve',
      'failures.ignore',
      'failures.assign',
      'failures.note',
    ],
  },
  imports: { label: 'Imports', actions: ['workspace.import'] },
  automatic: { label: 'Done by Patchbay itself', actions: ['app.circuit.open', 'app.circuit.close'] },
} as const satisfies Record<string, { label: string; actions: readonly string[] }>;
export type AuditKind = keyof typeof auditKinds;
export const auditKindNames = Object.keys(auditKinds) as AuditKind[];

/** What each action did, in words ("Changed a flow"). */
export const auditActionWords: Record<string, string> = {
  'app.create': 'Added an app',
  'app.update': 'Changed an app',
  'app.delete': 'Deleted an app',
  'app.circuit.open': "Paused an app's flows",
  'app.circuit.close': "Resumed an app's flows",
  'flow.create': 'Added a flow',
  'flow.update': 'Changed a flow',
  'flow.delete': 'Deleted a flow',
  'flow.pause': 'Paused a flow',
  'flow.resume': 'Resumed a flow',
  'flow.cursor': "Moved a flow's starting point",
  'flow.run': 'Ran a flow by hand',
  'connector.install': 'Installed a connector',
  'connector.update': 'Updated a connector',
  'connector.remove': 'Removed a connector',
  'settings.update': 'Changed settings',
  'scheduler.pause': 'Paused every schedule',
  'scheduler.resume': 'Resumed the schedules',
  'credential.set': 'Saved a credential',
  'credential.delete': 'Forgot a credential',
  'failures.retry': 'Retried failed records',
  'failures.retry-edited': 'Corrected a failed record and retried it',
  'failures.resolve': 'Resolved failed records',
  'failures.ignore': 'Ignored failed records',
  'failures.assign': 'Assigned failed records',
  'failures.note': 'Added a note to failed records',
  'workspace.import': 'Imported a workspace file',
};

export const auditActionInWords = (action: string): string => auditActionWords[action] ?? action;

/** Who did it, in words: a person at this PC, or Patchbay on its own. */
export function auditActorInWords(actor: string): string {
  if (actor === 'user') return 'A person';
  if (actor === 'patchbay') return 'Patchbay';
  return actor;
}

const isoInstant = z
  .string()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v)),
    {
      error: 'Give the date as ISO 8601, e.g. 2026-11-01 or 2026-11-01T00:00:00Z.',
    },
  );

const auditFilterFields = z
  .object({
    kind: z.enum(auditKindNames as [AuditKind, ...AuditKind[]], {
      error: `Choose a kind of entry: ${auditKindNames.join(', ')}.`,
    }),
    /** Entries whose action, subject or details hold this text (any case). */
    text: z.string().trim().max(200, { error: 'Search for at most 200 characters.' }),
    /** Entries at or after this moment. */
    since: isoInstant,
    /** Entries before this moment. */
    until: isoInstant,
  })
  .partial();

const datesInOrder = (f: { since?: string | undefined; until?: string | undefined }) =>
  !f.since || !f.until || Date.parse(f.since) <= Date.parse(f.until);
const datesOutOfOrder = { error: 'The start date is after the end date.', path: ['until'] };

export const auditFilterSchema = auditFilterFields.refine(datesInOrder, datesOutOfOrder);
export type AuditFilter = z.output<typeof auditFilterSchema>;

export const auditListInputSchema = auditFilterFields
  .extend({
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .refine(datesInOrder, datesOutOfOrder);

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  /** The action's name (`flow.update`) and the same in words. */
  action: z.string(),
  summary: z.string(),
  kind: z.enum(auditKindNames as [AuditKind, ...AuditKind[]]).nullable(),
  /** What it was done to: a name where Patchbay knows one, else the id. */
  subject: z.string().nullable(),
  /** What changed, as "field: value" lines. Never a secret. */
  details: z.array(z.string()),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditListSchema = z.object({ items: z.array(auditEntrySchema), total: z.number().int() });

/** The filtered log as a CSV file, for a spreadsheet. */
export const auditExportSchema = z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() });

/** The kind an action belongs to, or null. */
export function auditKindOf(action: string): AuditKind | null {
  for (const name of auditKindNames)
    if ((auditKinds[name].actions as readonly string[]).includes(action)) return name;
  return null;
}
