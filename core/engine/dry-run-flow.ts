import { mustDescribe, prepared, type Connector } from '../connectors/connector.ts';
import type { EntityDescription } from '../contract/connectors.ts';
import { refusedTargetFields } from '../contract/known-fields.ts';
import { isRecordLevel, toSyncError } from '../reliability/sync-error-policy.ts';
import { canonicalJson } from './content-hash.ts';
import { readPath } from './map-record.ts';
import { runPool } from './run-pool.ts';
import { planPage, type FlowToRun, type Planned } from './run-flow.ts';
import type { Checkpoint, RunStore } from './run-store.ts';

/** One field a dry run would change in a record the target already holds. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface DryRunReport {
  read: number;
  wouldCreate: number;
  wouldUpdate: number;
  unchanged: number;
  wouldFail: number;
  /** A few of the records that would be written, as the target would receive them. */
  samples: {
    sourceId: string;
    action: 'create' | 'update';
    record: Record<string, unknown>;
    /** For an update: the target's record, and each field that would change in it. */
    targetId?: string;
    changes?: FieldChange[];
  }[];
  failures: { sourceId: string; message: string }[];
  /** What the counts cannot know, in words (an app that cannot be searched by the match key). */
  notes: string[];
}

export interface DryRunDeps {
  store: Pick<RunStore, 'readLinks' | 'readCheckpoint'>;
  source: Connector;
  /** Given, records are looked up in the target as the run would; without it, only record links count. */
  target?: Connector;
  hash: (text: string) => string;
}

type Outcome =
  | { kind: 'create' }
  | { kind: 'update'; targetId: string; changes?: FieldChange[] }
  | { kind: 'unchanged' }
  | { kind: 'fail'; message: string };

/**
 * Walks the pages a run would read from `checkpoint` (the flow's own by default) and
 * reports what it would do. With a target, each new or changed record is found as the
 * run would find it (its record link, else a lookup by match key) and compared field
 * by field with what the target holds; a mapping that writes a field the target
 * refuses would fail. Reads only: no write, no link, no cursor, no run row.
 */
export async function dryRunFlow(
  flow: FlowToRun,
  deps: DryRunDeps,
  options: { checkpoint?: Checkpoint; sampleSize?: number; signal?: AbortSignal } = {},
): Promise<DryRunReport> {
  const report: DryRunReport = {
    read: 0,
    wouldCreate: 0,
    wouldUpdate: 0,
    unchanged: 0,
    wouldFail: 0,
    samples: [],
    failures: [],
    notes: [],
  };
  const sampleSize = options.sampleSize ?? 5;
  await prepared(deps.source, ...(deps.target ? [deps.target] : []));
  const target = deps.target;
  const entity = target ? mustDescribe(target, flow.targetEntity) : undefined;
  const refused =
    target && entity
      ? refusedTargetFields(
          target.appName,
          entity,
          flow.mapping.map((m) => m.target),
        )
      : undefined;
  let notSearched = 0;

  const fail = (sourceId: string, message: string) => {
    report.wouldFail++;
    if (report.failures.length < sampleSize) report.failures.push({ sourceId, message });
  };

  const start = options.checkpoint ?? deps.store.readCheckpoint(flow.id);
  const cursor = start?.cursor ?? mustDescribe(deps.source, flow.sourceEntity).initialCursor;
  let state = start?.page;
  do {
    if (options.signal?.aborted) break;
    const page = await deps.source.readPage(flow.sourceEntity, cursor, state);
    const { planned, failures } = planPage(flow, page.records, {
      store: deps.store as RunStore,
      hash: deps.hash,
    });
    report.read += page.records.length;
    for (const f of failures) fail(f.sourceRecordId, f.message);
    const changed = planned.filter((p) => p.link?.contentHash !== p.hash);
    report.unchanged += planned.length - changed.length;

    const outcomes: Outcome[] = new Array<Outcome>(changed.length);
    if (refused) outcomes.fill({ kind: 'fail', message: refused });
    else if (target && entity)
      await runPool(
        changed.map((p, index) => ({ p, index })),
        entity.writeConcurrency,
        async ({ p, index }) => {
          outcomes[index] = await compareWithTarget(flow, p, target, entity);
        },
      );
    else changed.forEach((p, index) => (outcomes[index] = linkOnly(p)));

    changed.forEach((p, index) => {
      const outcome = outcomes[index]!;
      if (outcome.kind === 'fail') return fail(p.source.id, outcome.message);
      if (outcome.kind === 'unchanged') return void report.unchanged++;
      if (outcome.kind === 'create') {
        report.wouldCreate++;
        if (!p.link && target && flow.writeMode === 'upsert' && !entity!.canLookup) notSearched++;
      } else report.wouldUpdate++;
      if (report.samples.length < sampleSize)
        report.samples.push({
          sourceId: p.source.id,
          action: outcome.kind,
          record: p.record,
          ...(outcome.kind === 'update' ? { targetId: outcome.targetId } : {}),
          ...(outcome.kind === 'update' && outcome.changes ? { changes: outcome.changes } : {}),
        });
    });
    state = page.next;
  } while (state);

  if (notSearched > 0 && target)
    report.notes.push(
      `${target.appName} cannot be searched by ${flow.matchKey} before writing, so ${notSearched} record${notSearched === 1 ? '' : 's'} counted as new may already be there: ${target.appName} matches them by ${flow.matchKey} as the run writes them.`,
    );
  return report;
}

/** Without the target: a record with a link would be updated, one without created. */
function linkOnly(p: Planned): Outcome {
  return p.link ? { kind: 'update', targetId: p.link.targetId } : { kind: 'create' };
}

/** Finds the record as the run would (link, else lookup by match key) and compares it. */
async function compareWithTarget(
  flow: FlowToRun,
  p: Planned,
  target: Connector,
  entity: EntityDescription,
): Promise<Outcome> {
  try {
    const targetId =
      p.link?.targetId ??
      (flow.writeMode === 'upsert' && entity.canLookup && p.key
        ? await target.lookup(flow.targetEntity, p.key)
        : undefined);
    if (!targetId) return { kind: 'create' };
    if (!entity.canGet) return { kind: 'update', targetId };
    const current = await target.getRecord(flow.targetEntity, targetId);
    if (!current)
      return {
        kind: 'fail',
        message: `The ${entity.label.toLowerCase()} record Patchbay wrote before (${targetId}) is no longer in ${target.appName}.`,
      };
    const changes = fieldChanges(p.record, current.fields);
    return changes.length === 0 ? { kind: 'unchanged' } : { kind: 'update', targetId, changes };
  } catch (error) {
    const failure = toSyncError(error, target.appName);
    if (!isRecordLevel(failure)) throw failure;
    return { kind: 'fail', message: failure.message };
  }
}

/** Each mapped field (nested ones by dotted path) whose value differs from the target's. */
export function fieldChanges(
  record: Readonly<Record<string, unknown>>,
  current: Readonly<Record<string, unknown>>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, to] of leaves(record)) {
    const from = readPath(current, field);
    if (comparable(from) !== comparable(to)) changes.push({ field, from: from ?? null, to });
  }
  return changes;
}

function* leaves(record: Readonly<Record<string, unknown>>, prefix = ''): Generator<[string, unknown]> {
  for (const [key, value] of Object.entries(record)) {
    const path = `${prefix}${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      yield* leaves(value as Record<string, unknown>, `${path}.`);
    else yield [path, value];
  }
}

// Apps answer numbers and booleans as text (form-encoded writes), and an empty field as
// null, "" or nothing: none of those is a change.
function comparable(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'object') return canonicalJson(value);
  return String(value);
}
