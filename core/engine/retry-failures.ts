import type { Failure } from '../contract/flows.ts';
import { mustDescribe, prepared, type SourceRecord } from '../connectors/connector.ts';
import {
  countPage,
  planPage,
  startRun,
  writePlanned,
  type FlowToRun,
  type Planned,
  type RunFlowDeps,
  type RunResult,
} from './run-flow.ts';
import { canonicalJson } from './content-hash.ts';
import { matchKeyOf } from './map-record.ts';
import { emptyCounts, type FailureWrite } from './run-store.ts';
import { isRecordLevel, toSyncError } from '../reliability/sync-error-policy.ts';

/** Records a person corrected by hand, by source record id: written as given, not mapped. */
export type EditedRecords = ReadonlyMap<string, Record<string, unknown>>;

/**
 * Retries failed records with the flow's *current* mapping: each record is read again
 * from the source by id where the source can (so a fix made there is picked up), else
 * taken from the payload snapshot. A record in `edited` is written with the values a
 * person corrected instead of the mapping's. Runs as one 'retry' run; the cursor is left alone.
 */
export async function retryFailures(
  flow: FlowToRun,
  failures: readonly Failure[],
  deps: RunFlowDeps,
  edited: EditedRecords = new Map(),
): Promise<RunResult> {
  const { source } = deps;
  const run = startRun(flow, deps, 'retry');
  let counts = emptyCounts();
  try {
    const records: SourceRecord[] = [];
    const gone: FailureWrite[] = [];
    await prepared(source, deps.target);
    const { canGet } = mustDescribe(source, flow.sourceEntity);
    for (const failure of failures) {
      if (canGet) {
        const read = await source.getRecord(flow.sourceEntity, failure.sourceRecordId).then(
          (record) => ({ record }),
          (error: unknown) => ({ error: toSyncError(error, source.appName) }),
        );
        // A source row still bad (a file's line still short of a column) stays failed in the source's words.
        if ('error' in read && isRecordLevel(read.error)) {
          gone.push({
            sourceRecordId: failure.sourceRecordId,
            payload: failure.payload,
            errorClass: read.error.errorClass,
            message: read.error.message,
            retryable: false,
          });
          continue;
        }
        if ('error' in read) throw read.error;
        const fresh = read.record;
        if (fresh) records.push(fresh);
        else
          gone.push({
            sourceRecordId: failure.sourceRecordId,
            payload: failure.payload,
            errorClass: 'not_found',
            message: `${source.appName} no longer has this record (id ${failure.sourceRecordId}). Resolve or ignore it.`,
            retryable: false,
          });
      } else {
        records.push({ id: failure.sourceRecordId, fields: failure.payload, cursorValue: undefined });
      }
    }
    const { planned, failures: mappingFailures } = planPage(
      flow,
      records.filter((r) => !edited.has(r.id)),
      deps,
    );
    planned.push(...planEdited(flow, records, edited, deps));
    const written = await writePlanned(
      flow,
      planned.filter((p) => p.link?.contentHash !== p.hash),
      deps,
    );
    counts = countPage(records.length, planned, written, mappingFailures);
    counts.failed += gone.length;
    // The cursor is left where it is: a retry is not a read pass.
    run.commit(planned, written, mappingFailures, { ...counts }, undefined, gone);
    return run.finish(counts.failed > 0 ? 'partial' : 'succeeded', counts);
  } catch (error) {
    return run.fail(error, counts);
  }
}

/** The corrected records, planned as the mapping's would be: key, content hash, link. */
function planEdited(
  flow: FlowToRun,
  records: readonly SourceRecord[],
  edited: EditedRecords,
  deps: Pick<RunFlowDeps, 'store' | 'hash'>,
): Planned[] {
  const chosen = records.filter((r) => edited.has(r.id));
  if (chosen.length === 0) return [];
  const links = deps.store.readLinks(
    flow.id,
    chosen.map((r) => r.id),
  );
  return chosen.map((source) => {
    const record = edited.get(source.id)!;
    return {
      source,
      record,
      key: matchKeyOf(record, flow),
      hash: deps.hash(canonicalJson(record)),
      link: links.get(source.id),
    };
  });
}
