import type { z } from 'zod';
import type { checkpointSchema, runCountsSchema, runStatuses, runTriggers } from '../contract/sync.ts';

/**
 * Where a flow's incremental read stands, committed with each page (the contract's
 * `checkpointSchema`): the cursor still to read from, mid-pass the connector's opaque
 * page state, and for a newest-first source the newest cursor seen in the pass.
 */
export type Checkpoint = z.infer<typeof checkpointSchema>;

export interface RecordLink {
  sourceId: string;
  targetId: string;
  contentHash: string;
}

export interface FailureWrite {
  sourceRecordId: string;
  /** The source record as read, so a retry without re-read has what it needs. */
  payload: Record<string, unknown>;
  errorClass: string;
  message: string;
  retryable: boolean;
}

export type RunCounts = z.infer<typeof runCountsSchema>;

export type RunTrigger = (typeof runTriggers)[number];
export type RunStatus = (typeof runStatuses)[number];

/** One line of a run's timeline. */
export interface RunEventWrite {
  at: string;
  level: 'info' | 'warning' | 'error';
  kind: string;
  message: string;
  recordId?: string;
}

/** What a run did with one record it read: kept compact for "Find a record" (record-outcomes.ts). */
export type RecordOutcomeKind = 'created' | 'updated' | 'unchanged' | 'failed' | 'deleted';

export interface RecordOutcome {
  sourceId: string;
  /** The record's match-key value (an email, an order number), when it could be mapped. */
  key: string | undefined;
  targetId: string | undefined;
  outcome: RecordOutcomeKind;
}

/** Everything one page changes, written in one transaction. */
export interface PageCommit {
  links: RecordLink[];
  /** One line per record the page read, for "Find a record"; its creates in flight end here. */
  outcomes: RecordOutcome[];
  failures: FailureWrite[];
  /** Source ids that synced cleanly: their open failures resolve themselves. */
  synced: string[];
  /** Source ids deleted at the source whose target record was removed too: their links go. */
  unlinked?: string[];
  counts: RunCounts;
  /** Undefined leaves the checkpoint as it is (retries, dry runs). */
  checkpoint: Checkpoint | undefined;
  at: string;
  /** Lines of the run's timeline this page adds (its page line, the source's notices), kept with it. */
  events?: readonly RunEventWrite[];
}

/** The engine's view of storage (implemented on SQLite by `SqliteRunStore`). */
export interface RunStore {
  startRun(flowId: string, trigger: RunTrigger, at: string): number;
  readCheckpoint(flowId: string): Checkpoint | undefined;
  readLinks(flowId: string, sourceIds: readonly string[]): Map<string, RecordLink>;
  /**
   * Notes, before any is sent, that this flow is about to create the records for
   * `sourceIds` (in one transaction): the notes outlive a crash until the page commits,
   * so the repeat that finds a record by lookup knows it was made by this flow's earlier
   * attempt and counts it as created.
   */
  noteCreateAttempts(flowId: string, sourceIds: readonly string[]): void;
  /** Of these source ids, the ones with an unresolved failure: the payload each failed with. */
  readWaitingFailures(flowId: string, sourceIds: readonly string[]): Map<string, Record<string, unknown>>;
  /**
   * Of these source ids, the ones whose last outcome in this flow is "deleted at source":
   * a tombstone listing names a record again on later runs, but it is counted once.
   */
  readDeletedAtSource(flowId: string, sourceIds: readonly string[]): Set<string>;
  /** Of these source ids, the ones with a create attempted and not yet committed. */
  readCreateAttempts(flowId: string, sourceIds: readonly string[]): Set<string>;
  commitPage(
    runId: number,
    flowId: string,
    commit: PageCommit,
  ): { failuresAdded: number[]; failuresResolved: number[] };
  finishRun(runId: number, status: RunStatus, at: string, error: string | undefined): void;
  addRunEvent(runId: number, event: RunEventWrite): void;
}

export const emptyCounts = (): RunCounts => ({ read: 0, created: 0, updated: 0, unchanged: 0, failed: 0 });
