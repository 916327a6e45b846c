import type { Flow } from '../contract/flows.ts';
import type { EventOf } from '../contract/methods.ts';
import {
  mustDescribe,
  prepared,
  type Connector,
  type Page,
  type SourceRecord,
} from '../connectors/connector.ts';
import type { SyncErrorClass } from '../reliability/error-classes.ts';
import { isRecordLevel, SyncError, toSyncError } from '../reliability/sync-error-policy.ts';
import { canonicalJson } from './content-hash.ts';
import { settleDeletions, type SettledDeletions } from './deleted-at-source.ts';
import { addCounts, pageInWords } from './run-counts.ts';
import { settleFound, type Wrote } from './found-in-target.ts';
import { mapRecord, matchKeyOf } from './map-record.ts';
import { outcomesOfPage } from './record-outcomes.ts';
import { createPagePipeline } from './page-pipeline.ts';
import { runPool } from './run-pool.ts';
import { setAsideWaiting } from './waiting-failures.ts';
import {
  emptyCounts,
  type Checkpoint,
  type FailureWrite,
  type RecordLink,
  type RunCounts,
  type RunEventWrite,
  type RunStatus,
  type RunStore,
  type RunTrigger,
} from './run-store.ts';

/** What a run needs of a flow (the contract's `Flow`): a saved flow is one as it is. */
export type FlowToRun = Pick<
  Flow,
  'id' | 'name' | 'sourceEntity' | 'targetEntity' | 'mapping' | 'matchKey' | 'writeMode'
> &
  Partial<Pick<Flow, 'deletedAtSource'>>;

/** The events a run emits, as the contract declares them. */
export type RunEvent = EventOf<
  'runs.started' | 'runs.progress' | 'runs.finished' | 'failures.added' | 'failures.resolved'
>;

export interface RunFlowDeps {
  readonly store: RunStore;
  readonly source: Connector;
  readonly target: Connector;
  /** A strong hash of a text (sha-256 in the host); keeps this module free of node:crypto. */
  readonly hash: (text: string) => string;
  readonly now: () => Date;
  readonly emit: (event: RunEvent) => void;
  readonly signal?: AbortSignal;
  /** Parallel single-record writes when the target has no batch endpoint. */
  readonly concurrency?: number;
}

export interface RunResult {
  runId: number;
  status: RunStatus;
  counts: RunCounts;
  error?: string;
  /** For a failed run: the kind of failure and the app it came from (for the circuit breaker). */
  errorClass?: SyncErrorClass;
  errorApp?: string;
  /** The app's daily budget is spent until then (ISO 8601): its flows pause, nothing is retried. */
  pausedUntil?: string;
}

/** A record after mapping, ready to compare and write. */
export interface Planned {
  source: SourceRecord;
  record: Record<string, unknown>;
  key: string;
  hash: string;
  link: RecordLink | undefined;
}

/**
 * One run as a straight walk (docs/conventions.md#the-run, core/engine/README.md):
 * checkpoint → read page → map → compare → write batch → commit page → events, until
 * the source has no next page. Each page ends in one transaction, so a crash repeats
 * at most the page in flight, and record links make the repeat harmless.
 */
export async function runFlow(flow: FlowToRun, deps: RunFlowDeps, trigger: RunTrigger): Promise<RunResult> {
  const { store, source } = deps;
  const run = startRun(flow, deps, trigger);
  const counts = emptyCounts();
  let pageNumber = 0;
  let noticed = 0;

  try {
    // Inside the try: a source that no longer offers the entity fails the run in words.
    await prepared(source, deps.target);
    let checkpoint: Checkpoint = store.readCheckpoint(flow.id) ?? {
      cursor: mustDescribe(source, flow.sourceEntity).initialCursor,
    };
    const pages = createPagePipeline((at) => source.readPage(flow.sourceEntity, at.cursor, at.page));
    for (;;) {
      if (deps.signal?.aborted) return run.finish('cancelled', counts);
      const page = await pages.take(checkpoint);
      // The next page is read while this one is written; it is taken only if the committed checkpoint asks for it.
      if (page.next) pages.readAhead({ cursor: checkpoint.cursor, page: page.next });
      pageNumber++;
      const { records, waiting } = setAsideWaiting(flow.id, page.records, store);
      const { planned, failures } = planPage(flow, records, deps);
      const rejected = rejectedBySource(page);
      const written = await writePlanned(
        flow,
        planned.filter((p) => p.link?.contentHash !== p.hash),
        deps,
      );
      // Deleted at the source: never written, counted, and removed in the target where the flow says so.
      const deletions = await settleDeletions(flow, page.deleted ?? [], deps);
      const pageCounts = countPage(page.records.length, planned, written, [...rejected, ...failures]);
      pageCounts.read += rejected.length;
      pageCounts.unchanged += waiting; // unchanged since they failed; the failure queue retries them
      if (deletions.outcomes.length > 0) pageCounts.deleted = deletions.outcomes.length;
      const passMax = maxOf(
        checkpoint.passMax,
        ...page.records.map((r) => r.cursorValue),
        ...(page.deleted ?? []).map((d) => d.cursorValue),
      );
      const next: Checkpoint = page.next
        ? { cursor: checkpoint.cursor, page: page.next, ...(passMax ? { passMax } : {}) }
        : { cursor: maxOf(checkpoint.cursor, passMax)! };
      // The page's lines in the run's timeline go into its transaction, not one more each (issue 17).
      run.commit(planned, written, failures, pageCounts, next, rejected, deletions, [
        ...noticesOf(page, deps),
        ...deletions.warnings,
        // One line per page: where a long run went, and which page failed.
        {
          at: deps.now().toISOString(),
          level: pageCounts.failed > 0 ? 'warning' : 'info',
          kind: 'page',
          message: pageInWords(pageNumber, pageCounts, rejected.length),
        },
      ]);
      noticed += page.notices?.length ?? 0;
      addCounts(counts, pageCounts);
      checkpoint = next;
      deps.emit({
        name: 'runs.progress',
        payload: { runId: run.id, flowId: flow.id, page: pageNumber, counts: { ...counts } },
      });
      if (!page.next) return run.finish(counts.failed > 0 || noticed > 0 ? 'partial' : 'succeeded', counts);
    }
  } catch (error) {
    return run.fail(error, counts);
  }
}

/** Source rows the connector could not make records of (a file's bad line): failures in its words. */
function rejectedBySource(page: Page): FailureWrite[] {
  return (page.rejected ?? []).map((r) => ({
    sourceRecordId: r.id,
    payload: r.fields,
    errorClass: 'validation',
    message: r.message,
    retryable: false,
  }));
}

/** The source's own problems this page (a file left out), as warnings in the run's timeline. */
function noticesOf(page: Page, deps: RunFlowDeps): RunEventWrite[] {
  return (page.notices ?? []).map((message) => ({
    at: deps.now().toISOString(),
    level: 'warning',
    kind: 'source',
    message,
  }));
}

/**
 * The bookkeeping every kind of run shares: start, one transaction per page with its
 * failure events, and the end (a failure logged in words, with its class and app).
 */
export function startRun(flow: FlowToRun, deps: RunFlowDeps, trigger: RunTrigger) {
  const { store, emit } = deps;
  const at = () => deps.now().toISOString();
  const id = store.startRun(flow.id, trigger, at());
  emit({ name: 'runs.started', payload: { runId: id, flowId: flow.id, trigger } });

  function finish(status: RunStatus, counts: RunCounts, failure?: SyncError): RunResult {
    const error = failure?.message;
    store.finishRun(id, status, at(), error);
    emit({
      name: 'runs.finished',
      payload: { runId: id, flowId: flow.id, status, counts: { ...counts }, ...(error ? { error } : {}) },
    });
    return {
      runId: id,
      status,
      counts,
      ...(failure
        ? { error: failure.message, errorClass: failure.errorClass, errorApp: failure.appName }
        : {}),
      ...(failure?.pausedUntil ? { pausedUntil: failure.pausedUntil.toISOString() } : {}),
    };
  }

  return {
    id,
    finish: (status: RunStatus, counts: RunCounts) => finish(status, counts),
    fail(error: unknown, counts: RunCounts): RunResult {
      const syncError = toSyncError(error, deps.source.appName);
      store.addRunEvent(id, {
        at: at(),
        // A spent daily budget is no fault: the run stopped at its last saved page and resumes later.
        level: syncError.pausedUntil ? 'warning' : 'error',
        kind: syncError.errorClass,
        message: syncError.message,
      });
      return finish(syncError.pausedUntil ? 'paused' : 'failed', counts, syncError);
    },
    commit(
      planned: readonly Planned[],
      written: Written,
      mappingFailures: readonly FailureWrite[],
      counts: RunCounts,
      checkpoint: Checkpoint | undefined,
      extraFailures: readonly FailureWrite[] = [],
      deletions?: SettledDeletions,
      events?: readonly RunEventWrite[],
    ): void {
      const { failuresAdded, failuresResolved } = store.commitPage(id, flow.id, {
        links: written.links,
        outcomes: [
          ...outcomesOfPage(planned, written, [...extraFailures, ...mappingFailures]),
          ...(deletions?.outcomes ?? []),
        ],
        failures: [...extraFailures, ...mappingFailures, ...written.failures],
        // A record deleted at the source has nothing left to retry: its open failure resolves too.
        synced: [
          ...planned.filter((p) => p.link?.contentHash === p.hash).map((p) => p.source.id),
          ...written.links.map((l) => l.sourceId),
          ...(deletions?.outcomes.map((o) => o.sourceId) ?? []),
        ],
        ...(deletions && deletions.unlinked.length > 0 ? { unlinked: deletions.unlinked } : {}),
        counts,
        checkpoint,
        at: at(),
        ...(events ? { events } : {}),
      });
      if (failuresAdded.length > 0)
        emit({ name: 'failures.added', payload: { flowId: flow.id, ids: failuresAdded } });
      if (failuresResolved.length > 0)
        emit({ name: 'failures.resolved', payload: { flowId: flow.id, ids: failuresResolved } });
    },
  };
}

/** Maps a page's records and reads their links; mapping problems become failures. */
export function planPage(
  flow: FlowToRun,
  records: readonly SourceRecord[],
  deps: Pick<RunFlowDeps, 'store' | 'hash'>,
) {
  const links = deps.store.readLinks(
    flow.id,
    records.map((r) => r.id),
  );
  const planned: Planned[] = [];
  const failures: FailureWrite[] = [];
  for (const source of records) {
    const mapped = mapRecord(flow.mapping, source.fields);
    if (!mapped.ok) {
      failures.push({
        sourceRecordId: source.id,
        payload: source.fields,
        errorClass: 'mapping',
        message: mapped.message,
        retryable: false,
      });
      continue;
    }
    const key = matchKeyOf(mapped.record, flow);
    planned.push({
      source,
      record: mapped.record,
      key,
      hash: deps.hash(canonicalJson(mapped.record)),
      link: links.get(source.id),
    });
  }
  return { planned, failures };
}

export interface Written {
  links: RecordLink[];
  failures: FailureWrite[];
  created: number;
  updated: number;
  /** Found by lookup with the target already holding every mapped value: linked, not written. */
  unchanged: number;
  /** What happened to each written record, by source id. */
  outcomes: Map<string, Wrote['outcome']>;
}

/** Writes new and changed records: in batches where the target has them, else one by one in parallel. */
export async function writePlanned(
  flow: FlowToRun,
  changed: readonly Planned[],
  deps: RunFlowDeps,
): Promise<Written> {
  const out: Written = { links: [], failures: [], created: 0, updated: 0, unchanged: 0, outcomes: new Map() };
  const { target } = deps;
  const entity = mustDescribe(target, flow.targetEntity);
  const batchSize = flow.writeMode === 'upsert' && entity.canBatchUpsert ? entity.batchSize : undefined;
  const succeeded = (p: Planned, { targetId, outcome }: Wrote) => {
    out.links.push({ sourceId: p.source.id, targetId, contentHash: p.hash });
    out[outcome]++;
    out.outcomes.set(p.source.id, outcome);
  };
  const failed = (p: Planned, error: SyncError) =>
    out.failures.push({
      sourceRecordId: p.source.id,
      payload: p.source.fields,
      errorClass: error.errorClass,
      message: error.message,
      retryable: error.retryable,
    });

  if (batchSize !== undefined) {
    for (let i = 0; i < changed.length; i += batchSize) {
      await upsertBatch(changed.slice(i, i + batchSize));
    }
    return out;
  }

  const attempted = deps.store.readCreateAttempts(
    flow.id,
    changed.filter((p) => !p.link).map((p) => p.source.id),
  );
  // Undefined when the record failed (and was counted as failed).
  const write = async (p: Planned, step: () => Promise<Wrote | 'create'>) => {
    try {
      const wrote = await step();
      if (wrote !== 'create') succeeded(p, wrote);
      return wrote;
    } catch (error) {
      const syncError = toSyncError(error, target.appName);
      if (!isRecordLevel(syncError)) throw syncError;
      failed(p, syncError);
    }
  };
  // Creates go last: every record of the page that needs one is noted in one
  // transaction before any is sent, not one transaction per record (issue 17: a commit
  // each was a tenth of a 100,000-record sync). Updates and lookups come first.
  const toCreate: Planned[] = [];
  await runPool(changed, deps.concurrency ?? entity.writeConcurrency, async (p) => {
    if ((await write(p, () => writeExisting(flow, p, deps, attempted.has(p.source.id)))) === 'create')
      toCreate.push(p);
  });
  if (toCreate.length > 0) {
    deps.store.noteCreateAttempts(
      flow.id,
      toCreate.map((p) => p.source.id),
    );
    await runPool(toCreate, deps.concurrency ?? entity.writeConcurrency, (p) =>
      write(p, () => create(flow, p, deps)).then(() => {}),
    );
  }
  return out;

  // A batch the app rejects as a whole is split, so one bad record cannot hold back the others.
  async function upsertBatch(batch: readonly Planned[]): Promise<void> {
    try {
      const ids = await target.batchUpsert(
        flow.targetEntity,
        batch.map((p) => ({ key: p.key, record: p.record })),
      );
      for (const p of batch) {
        const answer = ids.get(p.key.toLowerCase());
        // The app's own word on whether it made the record, where it gives one: a
        // record the target already held but Patchbay had never linked is an update.
        const upserted = typeof answer === 'string' ? { id: answer, created: !p.link } : answer;
        if (upserted && !(upserted instanceof SyncError) && upserted.id !== '')
          succeeded(p, { targetId: upserted.id, outcome: upserted.created ? 'created' : 'updated' });
        else
          failed(
            p,
            upserted instanceof SyncError
              ? upserted
              : new SyncError('validation', target.appName, {
                  detail: `${target.appName} accepted the batch but did not return this record.`,
                }),
          );
      }
    } catch (error) {
      const syncError = toSyncError(error, target.appName);
      if (!isRecordLevel(syncError)) throw syncError;
      if (batch.length === 1) return void failed(batch[0]!, syncError);
      const half = Math.ceil(batch.length / 2);
      await upsertBatch(batch.slice(0, half));
      await upsertBatch(batch.slice(half));
    }
  }
}

/** The key of one write of this record's content (see writeExisting). */
function idempotencyKey(flow: FlowToRun, p: Planned, deps: RunFlowDeps, operation: string): string {
  return deps.hash(`${flow.id}\u0000${p.source.id}\u0000${p.hash}\u0000${operation}`).slice(0, 48);
}

/**
 * Writes a record the target already has (linked, or found by lookup); 'create' when it
 * has to be created. The same write of the same content always carries the same key, so
 * a write whose answer was lost is replayed by the app instead of done twice. The key
 * names the operation too: after a crash, a create that did land is found by lookup and
 * followed by an update, which must not reuse the create's key.
 */
async function writeExisting(
  flow: FlowToRun,
  p: Planned,
  deps: RunFlowDeps,
  madeByUs: boolean,
): Promise<Wrote | 'create'> {
  const { target } = deps;
  const update = (targetId: string) =>
    target.update(flow.targetEntity, targetId, p.record, {
      idempotencyKey: idempotencyKey(flow, p, deps, `update ${targetId}`),
    });
  if (p.link) return { targetId: await update(p.link.targetId), outcome: 'updated' };
  if (flow.writeMode !== 'upsert') return 'create';
  const existing = await target.lookup(flow.targetEntity, p.key);
  if (!existing) return 'create';
  return settleFound({
    target,
    entity: flow.targetEntity,
    targetId: existing,
    record: p.record,
    madeByUs,
    update,
  });
}

/** Creates a record once its attempt is noted (writePlanned). */
async function create(flow: FlowToRun, p: Planned, deps: RunFlowDeps): Promise<Wrote> {
  // The match key lets the connector look a create up before sending it again (create-retry.ts).
  const targetId = await deps.target.create(flow.targetEntity, p.record, {
    idempotencyKey: idempotencyKey(flow, p, deps, 'create'),
    ...(p.key ? { matchKey: p.key } : {}),
  });
  return { targetId, outcome: 'created' };
}

export function countPage(
  read: number,
  planned: readonly Planned[],
  written: Written,
  mappingFailures: readonly FailureWrite[],
): RunCounts {
  return {
    read,
    created: written.created,
    updated: written.updated,
    unchanged: planned.filter((p) => p.link?.contentHash === p.hash).length + written.unchanged,
    failed: mappingFailures.length + written.failures.length,
  };
}

function maxOf(...values: (string | undefined)[]): string | undefined {
  let max: string | undefined;
  for (const v of values) if (v !== undefined && (max === undefined || v > max)) max = v;
  return max;
}
