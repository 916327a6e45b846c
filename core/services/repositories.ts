import type { App, Entity } from '../contract/apps.ts';
import type { CredentialKind } from '../contract/credentials.ts';
import type { Failure, FailureFilter, Flow, ParsedFlowInput } from '../contract/flows.ts';
import type { Run } from '../contract/runs.ts';
import type { ScheduleLogEntry } from '../contract/scheduler.ts';
import type { Checkpoint, RecordOutcomeKind, RunStore } from '../engine/run-store.ts';
import type { ClosedFailureState } from '../failures/failure-states.ts';
import type { CheckOutcome } from '../contract/connections.ts';

// The ports the services and the scheduler take: what they need of storage, by noun.
// core/storage implements each on SQLite (`SqliteAppRepository implements
// AppRepository`…); a test may pass its own. Plain types, no better-sqlite3.

/** Runs `work` as one transaction that writes: all of it is saved, or none. */
export type InTransaction = <T>(work: () => T) => T;

/** An app's row without its entities. */
export type AppRecord = Omit<App, 'entities'>;

export interface AppRepository {
  list(): App[];
  get(id: string): App | undefined;
  /** By name, without case. */
  findIdByName(name: string): string | undefined;
  flowCount(appId: string): number;
  insert(app: AppRecord): void;
  update(app: Omit<AppRecord, 'createdAt'>): void;
  replaceEntities(appId: string, entities: readonly Entity[]): void;
  delete(id: string): boolean;
  systemOfRecordHolder(entity: string): { appId: string; appName: string } | undefined;
  count(): number;
}

export interface FlowRepository {
  list(): Flow[];
  get(id: string): Flow | undefined;
  /** By id, or by name without case. */
  find(idOrName: string): Flow | undefined;
  insert(id: string, input: ParsedFlowInput, at: string): void;
  update(id: string, input: ParsedFlowInput, at: string): void;
  setEnabled(id: string, enabled: boolean, at: string): void;
  setPaused(id: string, reason: string | null, at: string): void;
  /** Pauses every flow that reads or writes the app; answers their ids. */
  pauseForApp(appId: string, reason: string, at: string): string[];
  /**
   * Deletes the flow; its runs and failures stay in the history under its name, and its
   * unresolved failures are closed as ignored, since nothing can retry them any more.
   */
  delete(id: string, at: string): boolean;
}

export interface FailureRepository {
  list(filter: FailureFilter): { items: Failure[]; total: number };
  getMany(ids: readonly number[]): Failure[];
  unresolvedOfRun(runId: number): Failure[];
  unresolvedOf(flowId: string): Failure[];
  /** Open failures whose next attempt has come, soonest first. */
  due(now: string, limit: number): Failure[];
  close(ids: readonly number[], state: ClosedFailureState, note: string, at: string): number;
  get(id: number): Failure | undefined;
  /** Hands failures to a person (null: to nobody); answers how many changed. */
  assign(ids: readonly number[], assignee: string | null, at: string): number;
  /** Replaces the failures' note (null or empty removes it). */
  annotate(ids: readonly number[], note: string | null, at: string): number;
  /** Names failures were assigned to, most used first. */
  assignees(): string[];
  /** The values a person last corrected the record with ("edit and retry"). */
  saveEdit(id: number, values: Record<string, unknown>): void;
  editOf(id: number): Record<string, unknown>;
  /** Every failure of one record of a flow, newest first. */
  ofRecord(flowId: string, sourceRecordId: string): Failure[];
  /** Unresolved failures per flow id. */
  unresolvedPerFlow(): Map<string, number>;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  subject?: string;
  detail?: unknown;
}

/** The append-only trail of who did what. Never holds secret values. */
export interface AuditLog {
  append(entry: AuditEntry): void;
}

/** An entry as stored: `detail` is the JSON the service appended. */
export interface StoredAuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: unknown;
}

export interface AuditQuery {
  actions?: readonly string[];
  /** Entries holding this text (any case), or about one of `textSubjects`. */
  text?: string;
  /** Ids of what is named with the text now (an app, a flow): entries name them by id. */
  textSubjects?: readonly string[];
  since?: string;
  until?: string;
}

/** The audit trail read back, newest first: filtered by actions, text and dates. */
export interface AuditHistory {
  list(
    filter: AuditQuery,
    page: { limit: number; offset: number },
  ): { items: StoredAuditEntry[]; total: number };
}

/** Workspace settings as key → JSON value. */
export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** What is known about an app's credential; the value itself lives only in the keychain. */
export interface CredentialRecord {
  appId: string;
  kind: CredentialKind | null;
  createdAt: string;
  rotatedAt: string | null;
  lastUsedAt: string | null;
  lastFailedAt: string | null;
  lastErrorClass: string | null;
  expiresAt: string | null;
}

export interface CredentialRepository {
  list(): CredentialRecord[];
  get(appId: string): CredentialRecord | undefined;
  saved(appId: string, kind: CredentialKind | null, at: string, expiresAt: string | null): void;
  expires(appId: string, expiresAt: string | null): void;
  used(appId: string, at: string): void;
  failed(appId: string, at: string, errorClass: string): void;
  remove(appId: string): boolean;
}

/** The last connection test of an app: what it found, when, in words. */
export interface ConnectionCheck {
  appId: string;
  outcome: CheckOutcome;
  checkedAt: string;
  message: string;
}

/** The last connection test per app (table `connection_checks`). */
export interface ConnectionChecks {
  /** Replaces the app's last check. */
  record(check: ConnectionCheck): void;
  list(): ConnectionCheck[];
}

export type CircuitKind = 'auth' | 'unreachable' | 'budget';

export interface AppCircuit {
  appId: string;
  kind: CircuitKind;
  reason: string;
  openedAt: string;
  probes: number;
  /** A spent daily budget: when it resets and the flows resume (null for the other kinds). */
  pausedUntil: string | null;
}

export interface CircuitRepository {
  list(): AppCircuit[];
  get(appId: string): AppCircuit | undefined;
  open(appId: string, kind: CircuitKind, reason: string, at: string, pausedUntil?: string): void;
  countProbe(appId: string): void;
  close(appId: string): boolean;
}

export interface RunFilter {
  flowId?: string | undefined;
  status?: Run['status'] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

/** One line of a run's timeline, as the run page shows it. */
export interface RunTimelineLine {
  id: number;
  at: string;
  level: 'info' | 'warning' | 'error';
  kind: string;
  message: string;
  recordId: string | null;
}

export interface RunHistory {
  list(filter: RunFilter): { items: Run[]; total: number };
  get(id: number): Run | undefined;
  events(runId: number): RunTimelineLine[];
  /** Records written per day (created + updated), for the dashboard chart. */
  writtenPerDay(since: string): { day: string; records: number }[];
  /** Records written (created + updated) by runs started at or after `since`. */
  writtenSince(since: string): number;
  /** Each flow's latest finished run. */
  latestPerFlow(): Run[];
}

/** One record of one flow and what each run did with it ("Find a record"). */
export interface RecordTrail {
  flowId: string;
  sourceRecordId: string;
  key: string | null;
  targetRecordId: string | null;
  runs: { runId: number; startedAt: string; trigger: Run['trigger']; outcome: RecordOutcomeKind }[];
}

export interface RecordTrails {
  /** Records whose match-key value or id in either app is `query`, newest runs first. */
  find(query: string, limit: number): RecordTrail[];
  /** The names of flows, deleted ones too (their runs and failures stay in the history). */
  flowName(flowId: string): { name: string; deleted: boolean };
}

/** The scheduler's memory: the last slot each flow handled, and what it decided. */
export interface ScheduleSlots {
  lastSlot(flowId: string, schedule: string): Date | undefined;
  setLastSlot(flowId: string, schedule: string, at: Date): void;
  log(entry: Omit<ScheduleLogEntry, 'id'>): ScheduleLogEntry;
  recent(limit: number, flowId?: string): ScheduleLogEntry[];
}

/** The engine's run store, and moving a flow's cursor by hand (`flows.moveCursor`). */
export interface SyncRunStore extends RunStore {
  writeCheckpoint(flowId: string, checkpoint: Checkpoint, at: string): void;
}

/** A connector a user installed, as stored: the manifest is validated again when loaded. */
export interface InstalledConnectorRow {
  id: string;
  version: string;
  /** The manifest as installed (parsed JSON, not yet validated). */
  manifest: unknown;
  /** The file it came from, as the user named it. */
  source: string;
  installedAt: string;
  updatedAt: string;
}

export interface InstalledConnectors {
  list(): InstalledConnectorRow[];
  get(id: string): InstalledConnectorRow | undefined;
  /** Installs or replaces the connector `id`. */
  put(row: Omit<InstalledConnectorRow, 'installedAt'> & { installedAt?: string }): void;
  delete(id: string): boolean;
}
