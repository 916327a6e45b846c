import type { AuditLog, SettingsStore } from './repositories.ts';
import { invalidInputError } from '../contract/errors.ts';
import { parsePlainly } from '../contract/plain-issue.ts';
import { workspaceSettingsSchema, type WorkspaceSettings } from '../contract/settings.ts';

import type { Clock } from '../ports.ts';

// The keychain accounts hang off the workspace's own name, which never changes; the
// name people see in the window is a separate label.
const keys: Record<keyof WorkspaceSettings, string> = {
  workspaceName: 'workspace.label',
  rotationReminderDays: 'credentials.rotationReminderDays',
  secondsPerRecord: 'dashboard.secondsPerRecord',
  retentionDays: 'runs.retentionDays',
  notifications: 'notifications.enabled',
  people: 'failures.people',
};

export function createSettingsService(options: {
  readonly settings: SettingsStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly defaultWorkspaceName: string;
}) {
  const { settings, audit, clock } = options;
  const defaults: WorkspaceSettings = {
    workspaceName: options.defaultWorkspaceName,
    rotationReminderDays: 90,
    secondsPerRecord: 30,
    retentionDays: 90,
    notifications: true,
    people: [],
  };

  function get(): WorkspaceSettings {
    const stored = Object.fromEntries(
      Object.entries(keys).flatMap(([field, key]) => {
        const value = settings.get(key);
        return value === undefined ? [] : [[field, value]];
      }),
    );
    // A value that no longer fits (an old or hand-edited database) falls back to its default.
    const merged = { ...defaults, ...stored };
    const parsed = parsePlainly(workspaceSettingsSchema, merged);
    return parsed.success ? parsed.data : defaults;
  }

  return {
    get,
    update(change: Partial<WorkspaceSettings>): WorkspaceSettings {
      const parsed = parsePlainly(workspaceSettingsSchema.partial(), change);
      if (!parsed.success) throw invalidInputError(parsed.error);
      const before = get();
      // The audit says what changed, from what to what (settings hold no secrets); a save that changes nothing is not an entry.
      const changed: Record<string, { from: unknown; to: unknown }> = {};
      for (const [field, value] of Object.entries(parsed.data)) {
        if (value === undefined) continue;
        settings.set(keys[field as keyof WorkspaceSettings], value);
        const from = before[field as keyof WorkspaceSettings];
        if (JSON.stringify(from) !== JSON.stringify(value)) changed[field] = { from, to: value };
      }
      if (Object.keys(changed).length > 0)
        audit.append({
          at: clock.now().toISOString(),
          actor: 'user',
          action: 'settings.update',
          detail: changed,
        });
      return get();
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
