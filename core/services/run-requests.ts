// "Sync now" from a process that does not hold the workspace's lease, passed to the one
// that does (issue 15): the desktop app while the background service runs the syncs.
// The holder runs the flow as if its own button was pressed, so a flow already running
// is refused there instead of run twice, and the asker gets the same answer.
import { ApiError, errorKinds, type ErrorKind } from '../contract/errors.ts';
import { runResultSchema, type RunResultData } from '../contract/sync.ts';
import type { RunTrigger } from '../engine/run-store.ts';
import { WorkspaceBusyError } from './workspace-lease.ts';

/** The requests, kept in the workspace's database so both processes see them. */
export interface RunRequestStore {
  /** Adds a request; answers its id. */
  ask(flowId: string, at: string): number;
  /** Marks the untaken requests made since `since` taken by this process and answers them. */
  takeOpen(at: string, since: string): { id: number; flowId: string }[];
  finish(id: number, outcome: { result: string } | { errorKind: ErrorKind; error: string }, at: string): void;
  /** Where the request stands: taken or not, and its outcome once finished. */
  outcome(id: number):
    | {
        taken: boolean;
        finished: boolean;
        result: string | null;
        errorKind: string | null;
        error: string | null;
      }
    | undefined;
}

export interface RunRequestsOptions {
  readonly store: RunRequestStore;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** How often the asker looks for the outcome. */
  readonly pollMs?: number;
  /** True once this process is closing: the asker stops waiting. */
  readonly closing: () => boolean;
  /** A request nobody took within this long is given up (the holder hung or left). */
  readonly takeWithinMs?: number;
}

export function createRunRequests(options: RunRequestsOptions) {
  const { store } = options;
  const pollMs = options.pollMs ?? 250;
  const takeWithinMs = options.takeWithinMs ?? 60_000;
  const iso = () => options.now().toISOString();
  return {
    /** Asks the lease holder to run the flow; answers when the run has finished there. */
    async askOwner(flowId: string): Promise<RunResultData> {
      const askedAt = options.now().getTime();
      const id = store.ask(flowId, iso());
      for (;;) {
        const outcome = store.outcome(id);
        if (outcome?.finished && outcome.result) return runResultSchema.parse(JSON.parse(outcome.result));
        if (outcome?.finished) {
          const kind = (errorKinds as readonly string[]).includes(outcome.errorKind ?? '')
            ? (outcome.errorKind as ErrorKind)
            : 'internal';
          throw new ApiError(kind, outcome.error ?? 'The run could not be started.');
        }
        if (!outcome?.taken && options.now().getTime() - askedAt > takeWithinMs)
          throw new ApiError(
            'unavailable',
            'The process that runs this workspace’s syncs did not take the run. Try again in a moment.',
          );
        if (options.closing()) throw new ApiError('unavailable', 'Patchbay is closing.');
        await options.sleep(pollMs);
      }
    },

    /** The holder's side: runs each open request (not waiting for one to start the next). */
    serveOpen(run: (flowId: string) => Promise<RunResultData>): void {
      const since = new Date(options.now().getTime() - takeWithinMs).toISOString();
      for (const request of store.takeOpen(iso(), since)) {
        void run(request.flowId).then(
          (result) => store.finish(request.id, { result: JSON.stringify(result) }, iso()),
          (error: unknown) =>
            store.finish(
              request.id,
              error instanceof ApiError
                ? { errorKind: error.kind, error: error.message }
                : { errorKind: 'internal', error: 'Something went wrong inside Patchbay.' },
              iso(),
            ),
        );
      }
    },
  };
}

export type RunRequests = ReturnType<typeof createRunRequests>;

/**
 * "Sync now" for a process that may or may not hold the lease: here when it may run
 * syncs, else (when `forward`) asked of the holder; and, while it holds the lease, the
 * requests of others served every second.
 */
export function createSyncNow(options: {
  readonly requests: ReturnType<typeof createRunRequests>;
  /** Runs the flow here, throwing WorkspaceBusyError when another process holds the lease. */
  readonly runHere: (flowId: string, trigger: RunTrigger) => Promise<RunResultData>;
  readonly holdsLease: () => boolean;
  /** Ask the holder instead of refusing (the desktop app). */
  readonly forward: boolean;
}) {
  const { requests, runHere } = options;
  const serving = setInterval(() => {
    // Only the desktop app's "Sync now" is forwarded, so these runs were started in the window.
    if (options.holdsLease()) requests.serveOpen((flowId) => runHere(flowId, 'ui'));
  }, 1000);
  serving.unref();
  return {
    runNow(flowId: string, trigger: RunTrigger = 'manual'): Promise<RunResultData> {
      try {
        return runHere(flowId, trigger);
      } catch (error) {
        if (options.forward && error instanceof WorkspaceBusyError && error.holder.kind !== 'cli')
          return requests.askOwner(flowId);
        throw error;
      }
    },
    stopServing: () => clearInterval(serving),
  };
}
