import type { ScheduleLogEntry } from '../contract/scheduler.ts';
import type { ScheduleSlots } from '../services/repositories.ts';
import type { Db } from './open-database.ts';

/** The scheduler's memory: the last slot each flow handled, and what it decided. */
export class SqliteScheduleRepository implements ScheduleSlots {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** The last slot handled, if it was counted under this same schedule. */
  lastSlot(flowId: string, schedule: string): Date | undefined {
    const row = this.#db
      .prepare<[string], { schedule: string; last_slot_at: string }>(
        'SELECT schedule, last_slot_at FROM schedule_slots WHERE flow_id = ?',
      )
      .get(flowId);
    return row && row.schedule === schedule ? new Date(row.last_slot_at) : undefined;
  }

  setLastSlot(flowId: string, schedule: string, at: Date): void {
    this.#db
      .prepare(
        `INSERT INTO schedule_slots (flow_id, schedule, last_slot_at) VALUES (?, ?, ?)
         ON CONFLICT (flow_id) DO UPDATE SET schedule = excluded.schedule, last_slot_at = excluded.last_slot_at`,
      )
      .run(flowId, schedule, at.toISOString());
  }

  log(entry: Omit<ScheduleLogEntry, 'id'>): ScheduleLogEntry {
    const id = this.#db
      .prepare('INSERT INTO schedule_log (flow_id, at, kind, message) VALUES (?, ?, ?, ?)')
      .run(entry.flowId, entry.at, entry.kind, entry.message).lastInsertRowid;
    return { id: Number(id), ...entry };
  }

  recent(limit: number, flowId?: string): ScheduleLogEntry[] {
    return this.#db
      .prepare<[string | null, string | null, number], ScheduleLogEntry>(
        `SELECT id, flow_id AS flowId, at, kind, message FROM schedule_log
         WHERE (? IS NULL OR flow_id = ?) ORDER BY id DESC LIMIT ?`,
      )
      .all(flowId ?? null, flowId ?? null, limit);
  }
}
