import { WorkspaceBusyError } from '../services/workspace-lease.ts';
import type { Core } from './core.ts';
import { abortableSleep } from './system-ports.ts';

export interface WaitForSchedulesOptions {
  /** How often to try again while another live process holds the lease. */
  readonly retryMs: number;
  /** Stops waiting (Ctrl+C, the app quitting). */
  readonly signal: AbortSignal;
  /** Told who holds the lease, once per holder, in the holder's own sentence. */
  readonly waiting: (sentence: string) => void;
}

/**
 * Runs the workspace's schedules in this process as soon as the lease is free: at once
 * when nobody holds it, else after the holder stops (a clean stop frees it; a crash or
 * SIGKILL on this PC frees it at the next try, since its pid is gone; a holder on another
 * PC, once its heartbeat expires). One scheduler per workspace, and a second one takes
 * over instead of giving up, as a background service must.
 * Answers true once this process runs the schedules, false when stopped first.
 */
export async function runSchedulesWhenFree(core: Core, options: WaitForSchedulesOptions): Promise<boolean> {
  let lastHolder: string | undefined;
  while (!options.signal.aborted) {
    try {
      core.startScheduler();
      return true;
    } catch (error) {
      if (!(error instanceof WorkspaceBusyError)) throw error;
      if (error.holder.ownerId !== lastHolder) options.waiting(error.message);
      lastHolder = error.holder.ownerId;
    }
    await abortableSleep(options.retryMs, options.signal);
  }
  return false;
}
