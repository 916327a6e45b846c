import type {
  AppRepository,
  AuditLog,
  FailureRepository,
  FlowRepository,
  SyncRunStore,
} from './repositories.ts';
import { createHash } from 'node:crypto';
import { entityNamed, mustDescribe, prepared } from '../connectors/connector.ts';
import type { z } from 'zod';
import type { EntityDescription } from '../contract/connectors.ts';
import { ApiError } from '../contract/errors.ts';
import type { retrySelectionSchema } from '../contract/sync.ts';
import { SyncError } from '../reliability/error-classes.ts';
import type { Failure, Flow, ParsedFlowInput } from '../contract/flows.ts';
import { dryRunFlow, type DryRunReport } from '../engine/dry-run-flow.ts';
import { previewFlow, type PreviewTarget } from '../engine/preview-flow.ts';
import { retryFailures } from '../engine/retry-failures.ts';
import { dueFailures } from '../failures/due-failures.ts';
import { isUnresolved, type ClosedFailureState } from '../failures/failure-states.ts';
import { runFlow, type RunEvent, type RunResult } from '../engine/run-flow.ts';
import type { Checkpoint, RunTrigger } from '../engine/run-store.ts';

import type { ConnectorFactory } from './connector-factory.ts';
import type { Clock } from '../ports.ts';

export interface SyncServiceOptions {
  readonly flows: FlowRepository;
  readonly apps: AppRepository;
  readonly failures: FailureRepository;
  readonly runStore: SyncRunStore;
  readonly audit: AuditLog;
  readonly connectors: ConnectorFactory;
  readonly clock: Clock;
  readonly emit: (event: RunEvent) => void;
  /** Told of every finished run (the circuit breaker watches for refused credentials and silent apps). */
  readonly afterRun?: (result: RunResult) => Promise<void>;
}

export interface PreviewInput {
  flow: ParsedFlowInput;
  sampleSize: number;
}

/** Which failures to retry, as the contract's `failures.retry` takes them. */
export type RetrySelection = z.infer<typeof retrySelectionSchema>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Runs a person asked for (the audit log names them); the scheduler's and the retries' are not. */
const startedByPerson = new Set<RunTrigger>(['manual', 'ui', 'cli', 'first-start']);

/** Runs, dry runs, retries and cursor control: the engine wired to storage and connectors. */
export function createSyncService(options: SyncServiceOptions) {
  const { flows, apps, failures, runStore, audit, connectors, clock, emit } = options;
  const running = new Map<string, AbortController>();
  const finishing = new Set<Promise<unknown>>();

  function mustFlow(idOrName: string): Flow {
    const flow = flows.find(idOrName);
    if (!flow) throw new ApiError('not_found', `There is no flow called "${idOrName}".`, { field: 'flow' });
    return flow;
  }

  function app(id: string) {
    const found = apps.get(id);
    if (!found)
      throw new ApiError('not_found', 'An app this flow uses is no longer in the inventory.', {
        field: 'flow',
      });
    return found;
  }

  function deps(flow: Flow, signal?: AbortSignal) {
    return {
      store: runStore,
      source: connectors.forApp(app(flow.sourceAppId), signal),
      target: connectors.forApp(app(flow.targetAppId), signal),
      hash: sha256,
      now: () => clock.now(),
      emit,
      ...(signal ? { signal } : {}),
    };
  }

  // Two flows writing the same kind of record in the same app at once could both look
  // a record up, both miss it, and both create it: one writer per target at a time.
  const targetOf = (flow: Flow) => `${flow.targetAppId}\u0000${flow.targetEntity.toLowerCase()}`;
  const writers = new Map<string, Flow>();

  async function exclusive<T>(flow: Flow, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (running.has(flow.id)) {
      throw new ApiError('conflict', `${flow.name} is already running. Wait for it to finish.`, {
        field: 'flow',
      });
    }
    const writer = writers.get(targetOf(flow));
    if (writer) {
      throw new ApiError(
        'conflict',
        `${writer.name} is writing ${flow.targetEntity} to ${app(flow.targetAppId).name} right now. Run ${flow.name} when it has finished.`,
        { field: 'flow' },
      );
    }
    const controller = new AbortController();
    running.set(flow.id, controller);
    writers.set(targetOf(flow), flow);
    const done = work(controller.signal);
    finishing.add(done);
    try {
      return await done;
    } finally {
      running.delete(flow.id);
      writers.delete(targetOf(flow));
      finishing.delete(done);
    }
  }

  async function watched(result: RunResult): Promise<RunResult> {
    await options.afterRun?.(result);
    return result;
  }

  function audited(action: string, subject: string, detail?: unknown) {
    audit.append({
      at: clock.now().toISOString(),
      actor: 'user',
      action,
      subject,
      ...(detail === undefined ? {} : { detail }),
    });
  }

  return {
    isRunning: (flowId: string) => running.has(flowId),

    /** Running, or another running flow writes the same target: it has to wait. */
    isBlocked(flowId: string): boolean {
      const flow = flows.get(flowId);
      return running.has(flowId) || (flow !== undefined && writers.has(targetOf(flow)));
    },

    /** Runs a flow now. Paused flows say why instead of running. */
    async run(idOrName: string, trigger: RunTrigger = 'manual'): Promise<RunResult> {
      const flow = mustFlow(idOrName);
      if (flow.pausedReason)
        throw new ApiError('conflict', `${flow.name} is paused: ${flow.pausedReason}`, { field: 'flow' });
      if (startedByPerson.has(trigger)) audited('flow.run', flow.id, { startedFrom: trigger });
      return exclusive(flow, async (signal) => watched(await runFlow(flow, deps(flow, signal), trigger)));
    },

    /** What a run would do, record by record, looking the target up as the run would; writes nothing. */
    async dryRun(idOrName: string): Promise<DryRunReport> {
      const flow = mustFlow(idOrName);
      return answered(() => dryRunFlow(flow, deps(flow)));
    },

    /** A mapping (saved or not) applied to the source's first few records, writing nothing. */
    async preview({ flow, sampleSize }: PreviewInput) {
      const sourceApp = previewApp(flow.sourceAppId, 'source');
      const targetApp = previewApp(flow.targetAppId, 'target');
      const source = connectors.forApp(sourceApp);
      await answered(() => prepared(source));
      const entity = entityNamed(source, flow.sourceEntity);
      if (!entity || !source.describe(entity)?.canList) {
        const message = `Patchbay cannot read ${flow.sourceEntity} from ${sourceApp.name}.`;
        throw new ApiError('invalid_input', message, { field: 'flow.sourceEntity' });
      }
      return answered(() =>
        previewFlow(
          { sourceEntity: entity, mapping: flow.mapping },
          source,
          sampleSize,
          previewTarget(targetApp, flow.targetEntity),
        ),
      );
    },

    /**
     * An app's entities and their fields as its connector reads them from the app (a
     * database's catalogue), for the flow editor.
     */
    async entitiesOf(idOrName: string): Promise<EntityDescription[]> {
      const found = apps.get(idOrName) ?? apps.get(apps.findIdByName(idOrName) ?? '');
      if (!found)
        throw new ApiError('not_found', `There is no app called "${idOrName}" in the inventory.`, {
          field: 'id',
        });
      const connector = connectors.forApp(found);
      await answered(() => prepared(connector));
      return connector.entityNames().flatMap((name) => connector.describe(name) ?? []);
    },

    /**
     * For shutdown: every run stops after the page in flight (which commits its
     * checkpoint), and this resolves when all have.
     */
    async cancelAll(): Promise<void> {
      for (const controller of running.values()) controller.abort();
      await Promise.allSettled([...finishing]);
    },

    /** Retries failures with each flow's current mapping; one retry run per flow. */
    async retry(selection: RetrySelection): Promise<{ runs: RunResult[]; retried: number }> {
      const chosen = selectFailures(selection);
      audited('failures.retry', describe(selection), { count: chosen.length });
      return { runs: await retryByFlow(chosen), retried: chosen.length };
    },

    /** Retries one failed record with the values a person corrected it with. */
    async retryEdited(failure: Failure, record: Record<string, unknown>): Promise<RunResult> {
      const flow = mustFlow(failure.flowId);
      const edited = new Map([[failure.sourceRecordId, record]]);
      return exclusive(flow, async (signal) =>
        watched(await retryFailures(flow, [failure], deps(flow, signal), edited)),
      );
    },

    /**
     * The automatic retries whose time has come (1 min, 5 min, 30 min, 2 h, 12 h after
     * each failure). Paused and running flows wait for the next round.
     */
    async retryDue(): Promise<RunResult[]> {
      return retryByFlow(
        dueFailures(failures, clock.now(), (id) => !running.has(id) && !flows.get(id)?.pausedReason),
      );
    },

    close(ids: number[], state: ClosedFailureState, note: string): { changed: number } {
      const changed = failures.close(ids, state, note, clock.now().toISOString());
      audited(state === 'resolved' ? 'failures.resolve' : 'failures.ignore', ids.join(','), { note });
      for (const f of failures.getMany(ids))
        emit({ name: 'failures.resolved', payload: { flowId: f.flowId, ids: [f.id] } });
      return { changed };
    },

    cursor(idOrName: string): { flowId: string; checkpoint: Checkpoint | null } {
      const flow = mustFlow(idOrName);
      return { flowId: flow.id, checkpoint: runStore.readCheckpoint(flow.id) ?? null };
    },

    /**
     * Moves a flow's cursor back to a date, or to the start for a full re-read. With
     * dryRun, counts what the re-read would read and changes nothing. Record links
     * keep the re-read from writing records that did not change.
     */
    async rewindCursor(idOrName: string, to: { date?: string; reset?: true }, dryRun: boolean) {
      const flow = mustFlow(idOrName);
      const source = connectors.forApp(app(flow.sourceAppId));
      await answered(() => prepared(source));
      const initial = mustDescribe(source, flow.sourceEntity).initialCursor;
      const cursor = to.date ? new Date(to.date).toISOString() : initial;
      if (dryRun) {
        const report = await answered(() =>
          // Counting only: what the re-read would read, and what its record links say it would write.
          dryRunFlow(
            flow,
            { store: runStore, source: deps(flow).source, hash: sha256 },
            { checkpoint: { cursor } },
          ),
        );
        return {
          flowId: flow.id,
          cursor,
          wouldReread: report.read,
          wouldWrite: report.wouldCreate + report.wouldUpdate,
          changed: false,
        };
      }
      if (running.has(flow.id))
        throw new ApiError('conflict', `${flow.name} is running; move its cursor when it has finished.`);
      runStore.writeCheckpoint(flow.id, { cursor }, clock.now().toISOString());
      audited('flow.cursor', flow.id, { cursor });
      return { flowId: flow.id, cursor, wouldReread: null, wouldWrite: null, changed: true };
    },
  };

  /** What the target's connector says of the entity, when the app has one that offers it. */
  function previewTarget(app: ReturnType<typeof previewApp>, entity: string): PreviewTarget | undefined {
    if (!app.connector) return undefined;
    const target = connectors.forApp(app);
    const name = entityNamed(target, entity);
    const description = name ? target.describe(name) : undefined;
    return description ? { appName: app.name, entity: description } : undefined;
  }

  function previewApp(id: string, side: 'source' | 'target') {
    const found = apps.get(id);
    if (!found)
      throw new ApiError('invalid_input', `The ${side} app is not in the inventory.`, {
        field: `flow.${side}AppId`,
      });
    return found;
  }

  async function retryByFlow(chosen: readonly Failure[]): Promise<RunResult[]> {
    const byFlow = new Map<string, Failure[]>();
    for (const f of chosen) byFlow.set(f.flowId, [...(byFlow.get(f.flowId) ?? []), f]);
    const runs: RunResult[] = [];
    for (const [flowId, list] of byFlow) {
      const flow = mustFlow(flowId);
      runs.push(
        await exclusive(flow, async (signal) => watched(await retryFailures(flow, list, deps(flow, signal)))),
      );
    }
    return runs;
  }

  /** Read-only work answers an app's failure in its own words rather than as an internal error. */
  async function answered<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SyncError) throw new ApiError('unavailable', error.message);
      throw error;
    }
  }

  function selectFailures(selection: RetrySelection): Failure[] {
    if ('ids' in selection) return failures.getMany(selection.ids).filter((f) => isUnresolved(f.state));
    if ('runId' in selection) return failures.unresolvedOfRun(selection.runId);
    if ('flowId' in selection) return failures.unresolvedOf(mustFlow(selection.flowId).id);
    return flows.list().flatMap((flow) => failures.unresolvedOf(flow.id));
  }
}

function describe(selection: RetrySelection): string {
  if ('ids' in selection) return `failures ${selection.ids.join(',')}`;
  if ('runId' in selection) return `run ${selection.runId}`;
  if ('flowId' in selection) return `flow ${selection.flowId}`;
  return 'all';
}

export type SyncService = ReturnType<typeof createSyncService>;
