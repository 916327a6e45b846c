import { z } from 'zod';
import { nameText } from './text-rules.ts';

/** Workspace settings people change in Settings. */
export const workspaceSettingsSchema = z.object({
  workspaceName: z.string().trim().min(1, { error: 'Give the workspace a name.' }).max(80),
  /** Remind to rotate a credential after this many days. */
  rotationReminderDays: z.number().int().min(1, { error: 'At least 1 day.' }).max(3650),
  /** How long a person takes to re-key one record by hand, for "hours saved". */
  secondsPerRecord: z.number().int().min(1).max(3600),
  /** Run history older than this is removed (failures still open are kept). */
  retentionDays: z.number().int().min(7, { error: 'Keep at least 7 days of history.' }).max(3650),
  notifications: z.boolean(),
  /** People failures can be assigned to, offered first (names typed before are offered too). */
  people: z
    .array(nameText('A name', 80).min(1, { error: 'A name cannot be empty.' }))
    .max(100, { error: 'List at most 100 people.' }),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

export const flowHealths = ['ok', 'failing', 'paused', 'never_run'] as const;

export const dashboardSchema = z.object({
  flows: z.array(
    z.object({
      flowId: z.string(),
      name: z.string(),
      sourceAppId: z.string(),
      targetAppId: z.string(),
      health: z.enum(flowHealths),
      /** Why, in words, when it is not ok. */
      reason: z.string().nullable(),
      lastRunAt: z.string().nullable(),
      openFailures: z.number().int(),
    }),
  ),
  synced: z.object({
    last24h: z.number().int(),
    last7d: z.number().int(),
    /** Records written per day, the last 14 days, oldest first (days without runs are 0). */
    perDay: z.array(z.object({ day: z.string(), records: z.number().int() })),
  }),
  openFailuresByApp: z.array(z.object({ appId: z.string(), appName: z.string(), count: z.number().int() })),
  /** Hours of re-keying saved in the last 7 days: records written × seconds per record. */
  hoursSaved: z.object({ last7d: z.number(), secondsPerRecord: z.number().int() }),
});
