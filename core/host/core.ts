import type { Invoke } from '../contract/dispatch.ts';
import type { EventListener } from './event-bus.ts';

/**
 * The core as every transport and host sees it (Electron IPC, browser-mode HTTP, the
 * CLI, tests): one typed entry, events, and its lifetime. Built by `createCore`
 * (create-core.ts), opened on a workspace folder by `openCore` (open-core.ts).
 */
export interface Core {
  /** Validates the input, runs the method, never throws: the one entry for every transport. */
  invoke: Invoke;
  onEvent(listener: EventListener): () => void;
  readonly workspace: { name: string; dir: string };
  /** Closes the database cleanly (checkpoints the WAL). */
  close(): void;
  /** Stops the schedules, lets each run finish its page in flight (checkpointed), then closes. */
  shutdown(): Promise<void>;
  /**
   * Starts running flows on their schedules (with catch-up), if `startScheduler` did not
   * already; takes the workspace's lease first (throws WorkspaceBusyError naming its holder).
   */
  startScheduler(): void;
  /** Records this process's local API address (no token) in the lease it holds. */
  advertiseApi(address: string): void;
}
