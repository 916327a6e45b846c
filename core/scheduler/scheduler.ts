import type { ScheduleSlots } from '../services/repositories.ts';
import type { ScheduleLogEntry } from '../contract/scheduler.ts';
import type { Flow } from '../contract/flows.ts';
import type { Clock, Logger } from '../ports.ts';

import { nextSlot, parseSchedule, slotsBetween, type Schedule } from './schedule-spec.ts';

export type ScheduledTrigger = 'schedule' | 'catch-up' | 'file-change';

export type SchedulerEvent =
  | { name: 'scheduler.logged'; payload: ScheduleLogEntry }
  | { name: 'scheduler.alert'; payload: { flowId: string | null; message: string } };

/** Starts timers that call `onTime` at a schedule's moments (node-cron in the host). */
export interface ScheduleTimers {
  watch(key: string, cron: string, timeZone: string, onTime: () => void): { stop(): void };
}

export interface SchedulerOptions {
  readonly flows: { list(): Flow[] };
  readonly slots: ScheduleSlots;
  /** Runs a flow; the sync service refuses a second run of a running flow. */
  readonly run: (flowId: string, trigger: ScheduledTrigger) => Promise<unknown>;
  /** True while a flow runs for any reason (a manual "Sync now" too). */
  readonly isRunning: (flowId: string) => boolean;
  /** False while the flow, or another flow writing the same target, runs. */
  readonly canStart: (flowId: string) => boolean;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly emit: (event: SchedulerEvent) => void;
  readonly timeZone: string;
  /** Scheduled runs at once across all flows (default 2); the others wait their turn. */
  readonly maxConcurrent?: number;
  /** Under "every slot", at most this many catch-up runs (default 5). */
  readonly maxCatchUpRuns?: number;
  /** How late a slot may be noticed and still count as on time (default 90 s). */
  readonly graceMs?: number;
  readonly isPaused: () => boolean;
  readonly timers?: ScheduleTimers;
}

interface Queued {
  flowId: string;
  trigger: ScheduledTrigger;
}

const hhmm = (d: Date, timeZone: string) =>
  d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });

/**
 * Flow schedules, driven by a clock so tests can move time. `tick` compares each flow's
 * last handled slot with now: one slot on time is a scheduled run; older or several
 * slots were missed (the PC was off or asleep) and the flow's catch-up policy decides.
 * Runs go through one queue with a global limit, never two of one flow at once.
 */
export function createScheduler(options: SchedulerOptions) {
  const { slots, clock, timeZone } = options;
  const maxConcurrent = options.maxConcurrent ?? 2;
  const maxCatchUp = options.maxCatchUpRuns ?? 5;
  const graceMs = options.graceMs ?? 90_000;
  const queue: Queued[] = [];
  const active = new Map<string, ScheduledTrigger>();
  const skippedInARow = new Map<string, number>();
  const watchers = new Map<string, { cron: string; stop(): void }>();
  let lastTick: Date | undefined;

  function log(flowId: string | null, kind: ScheduleLogEntry['kind'], message: string): void {
    const entry = slots.log({ flowId, at: clock.now().toISOString(), kind, message });
    options.emit({ name: 'scheduler.logged', payload: entry });
    if (kind === 'alert') options.emit({ name: 'scheduler.alert', payload: { flowId, message } });
  }

  function scheduleOf(flow: Flow): Schedule | undefined {
    if (!flow.schedule) return undefined;
    try {
      return parseSchedule(flow.schedule);
    } catch {
      return undefined; // refused when saved; an imported oddity just does not run
    }
  }

  const isBusy = (flowId: string) => options.isRunning(flowId) || active.has(flowId);

  function enqueue(flow: Flow, trigger: ScheduledTrigger, count: number, due: Date): void {
    if (trigger === 'schedule' && (isBusy(flow.id) || queue.some((q) => q.flowId === flow.id))) {
      const skipped = (skippedInARow.get(flow.id) ?? 0) + 1;
      skippedInARow.set(flow.id, skipped);
      log(
        flow.id,
        'skipped',
        `The run due at ${hhmm(due, timeZone)} was skipped: ${flow.name} was still running.`,
      );
      if (skipped >= 2)
        log(
          flow.id,
          'alert',
          `${flow.name} has missed ${skipped} scheduled runs in a row because its run has not finished. It may be stuck: open Runs to check it.`,
        );
      return;
    }
    skippedInARow.delete(flow.id);
    for (let i = 0; i < count; i++) queue.push({ flowId: flow.id, trigger });
    pump();
  }

  function pump(): void {
    while (active.size < maxConcurrent) {
      const index = queue.findIndex((q) => !active.has(q.flowId) && options.canStart(q.flowId));
      if (index < 0) break;
      const [next] = queue.splice(index, 1);
      start(next!);
    }
  }

  function start({ flowId, trigger }: Queued): void {
    active.set(flowId, trigger);
    options
      .run(flowId, trigger)
      .catch((error: unknown) => {
        const name = options.flows.list().find((f) => f.id === flowId)?.name ?? 'A flow';
        log(flowId, 'alert', `${name} could not start on its schedule: ${(error as Error).message}`);
      })
      .finally(() => {
        active.delete(flowId);
        pump();
      });
  }

  function handle(flow: Flow, schedule: Schedule, now: Date): void {
    const last = slots.lastSlot(flow.id, schedule.text);
    // A new or changed schedule, or a paused flow, starts counting from now: nothing to catch up.
    if (!last || !flow.enabled || flow.pausedReason) return slots.setLastSlot(flow.id, schedule.text, now);
    const due = slotsBetween(schedule, last, now, timeZone, 10_000);
    if (due.length === 0) return;
    const newest = due.at(-1)!;
    slots.setLastSlot(flow.id, schedule.text, newest);
    if (due.length === 1 && now.getTime() - newest.getTime() <= graceMs) {
      return enqueue(flow, 'schedule', 1, newest);
    }
    const missed = due.length;
    const runs = flow.catchUp === 'once' ? 1 : flow.catchUp === 'every' ? Math.min(missed, maxCatchUp) : 0;
    const what =
      runs === 0
        ? 'skipped them, as this flow is set to'
        : runs === 1
          ? `caught up at ${hhmm(now, timeZone)} with one run`
          : `caught up at ${hhmm(now, timeZone)} with ${runs} runs${missed > runs ? ` (at most ${maxCatchUp})` : ''}`;
    const many = missed >= 10_000 ? 'more than 10,000' : String(missed);
    log(
      flow.id,
      runs === 0 ? 'missed' : 'caught_up',
      `Missed ${many} scheduled run${missed === 1 ? '' : 's'} while Patchbay was not running (the first at ${hhmm(due[0]!, timeZone)}); ${what}.`,
    );
    if (runs > 0) enqueue(flow, 'catch-up', runs, newest);
  }

  function tick(only?: string): void {
    const now = clock.now();
    if (lastTick && now.getTime() < lastTick.getTime() - 60_000)
      log(
        null,
        'alert',
        `This PC's clock moved back (from ${lastTick.toISOString()} to ${now.toISOString()}). Scheduled runs carry on from the new time; check the clock if this was not expected.`,
      );
    lastTick = now;
    if (options.isPaused()) return;
    for (const flow of options.flows.list()) {
      if (only && flow.id !== only) continue;
      const schedule = scheduleOf(flow);
      if (schedule) handle(flow, schedule, now);
    }
    // Queued runs held back by a manual run on their target get their turn here too.
    pump();
  }

  /** Keeps one timer per scheduled flow, matching the flows as they are now. */
  function refreshTimers(): void {
    if (!options.timers) return;
    const wanted = new Map<string, string>();
    for (const flow of options.flows.list()) {
      const schedule = scheduleOf(flow);
      if (schedule) wanted.set(flow.id, schedule.cron);
    }
    for (const [id, watcher] of watchers)
      if (wanted.get(id) !== watcher.cron) {
        watcher.stop();
        watchers.delete(id);
      }
    for (const [id, cron] of wanted)
      if (!watchers.has(id)) {
        const timer = options.timers.watch(id, cron, timeZone, () => tick(id));
        watchers.set(id, { cron, stop: () => timer.stop() });
      }
  }

  let heartbeat: { stop(): void } | undefined;

  return {
    tick,

    /**
     * A file landed or changed in the folder a flow reads (core/host/folder-watch.ts): the
     * flow runs through the same queue. Changes while it waits or runs make one more run,
     * not one per file, so a copy of 200 files is not 200 runs.
     */
    fileChanged(flowId: string): void {
      if (options.isPaused()) return;
      const flow = options.flows.list().find((f) => f.id === flowId);
      if (!flow || !flow.enabled || flow.pausedReason) return;
      if (queue.some((q) => q.flowId === flowId && q.trigger === 'file-change')) return;
      queue.push({ flowId, trigger: 'file-change' });
      pump();
    },

    /** At start and when the PC resumes from sleep: handles every slot that passed. */
    catchUp(): { queued: number } {
      const before = queue.length + active.size;
      tick();
      return { queued: queue.length + active.size - before };
    },

    /** Starts the timers: one per scheduled flow, and a minute heartbeat that notices sleep and clock jumps. */
    start(): void {
      refreshTimers();
      tick();
      heartbeat = options.timers?.watch('heartbeat', '* * * * *', timeZone, () => {
        refreshTimers();
        tick();
      });
    },

    refreshTimers,

    stop(): void {
      heartbeat?.stop();
      for (const watcher of watchers.values()) watcher.stop();
      watchers.clear();
      queue.length = 0;
    },

    /** Resuming starts counting from now: what was missed while paused is not caught up. */
    resumed(): void {
      const now = clock.now();
      for (const flow of options.flows.list()) {
        const schedule = scheduleOf(flow);
        if (schedule) slots.setLastSlot(flow.id, schedule.text, now);
      }
    },

    status() {
      const now = clock.now();
      return {
        paused: options.isPaused(),
        running: [...active].map(([flowId, trigger]) => ({ flowId, trigger })),
        queued: queue.map((q) => ({ ...q })),
        flows: options.flows.list().flatMap((flow) => {
          const schedule = scheduleOf(flow);
          if (!schedule) return [];
          const next = flow.enabled && !flow.pausedReason ? nextSlot(schedule, now, timeZone) : undefined;
          return [
            {
              flowId: flow.id,
              schedule: schedule.text,
              words: schedule.words,
              catchUp: flow.catchUp,
              nextRunAt: next?.toISOString() ?? null,
            },
          ];
        }),
        log: slots.recent(50),
      };
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
