import { z } from 'zod';
import { inFigures, nameText } from './text-rules.ts';

/** The limits of each number in Settings: the form shows them beside the field, the schema enforces them. */
export const settingLimits = {
  rotationReminderDays: { min: 1, max: 3650, unit: 'days' },
  secondsPerRecord: { min: 1, max: 3600, unit: 'seconds' },
  retentionDays: { min: 7, max: 3650, unit: 'days' },
} as const;

/** "Enter a whole number of days from 1 to 3,650." — the same words for every refusal of the field. */
export function wholeNumberIn(limits: { min: number; max: number; unit: string }): string {
  return `Enter a whole number of ${limits.unit} from ${inFigures(limits.min)} to ${inFigures(limits.max)}.`;
}

const settingNumber = (limits: { min: number; max: number; unit: string }) => {
  const error = wholeNumberIn(limits);
  return z.number({ error }).int({ error }).min(limits.min, { error }).max(limits.max, { error });
};

/** Workspace settings people change in Settings. */
export const workspaceSettingsSchema = z.object({
  workspaceName: z
    .string({ error: 'The workspace name must be text.' })
    .trim()
    .min(1, { error: 'Give the workspace a name.' })
    .max(80, { error: 'The workspace name can be at most 80 characters.' }),
  /** Remind to rotate a credential after this many days. */
  rotationReminderDays: settingNumber(settingLimits.rotationReminderDays),
  /** How long a person takes to re-key one record by hand, for "hours saved". */
  secondsPerRecord: settingNumber(settingLimits.secondsPerRecord),
  /** Run history older than this is removed (failures still open are kept). */
  retentionDays: settingNumber(settingLimits.retentionDays),
  notifications: z.boolean({ error: 'Notifications are either on or off (true or false).' }),
  /** People failures can be assigned to, offered first (names typed before are offered too). */
  people: z
    .array(nameText('A name', 80).min(1, { error: 'A name cannot be empty.' }))
    .max(100, { error: 'List at most 100 people.' }),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

/** `waiting_setup`: an app it uses has no connector or no saved key yet, so it cannot run. */
export const flowHealths = ['ok', 'failing', 'paused', 'never_run', 'waiting_setup'] as const;

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
