import type { AuditLog, SettingsStore } from './repositories.ts';
import type { Scheduler } from '../scheduler/scheduler.ts';

import type { Clock } from '../ports.ts';

/**
 * Pausing and resuming every schedule: kept in the settings, so a restart keeps it,
 * and audited, so the office can see who paused the syncs.
 */
export function createSchedulerControl(options: {
  readonly scheduler: Pick<Scheduler, 'status' | 'resumed'>;
  readonly settings: Pick<SettingsStore, 'set'>;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly clock: Clock;
  /** Who runs the schedules when another process does (null while this one does). */
  readonly runElsewhere: () => string | null;
}) {
  const { settings, audit, clock } = options;
  const scheduler = {
    status: () => ({ ...options.scheduler.status(), runElsewhere: options.runElsewhere() }),
    resumed: () => options.scheduler.resumed(),
  };
  const audited = (action: 'scheduler.pause' | 'scheduler.resume') =>
    audit.append({ at: clock.now().toISOString(), actor: 'user', action });
  return {
    status: () => scheduler.status(),
    pause() {
      settings.set('scheduler.paused', true);
      audited('scheduler.pause');
      return scheduler.status();
    },
    resume() {
      scheduler.resumed();
      settings.set('scheduler.paused', false);
      audited('scheduler.resume');
      return scheduler.status();
    },
  };
}

export type SchedulerControl = ReturnType<typeof createSchedulerControl>;
