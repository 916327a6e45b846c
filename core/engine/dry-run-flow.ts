import { mustDescribe, prepared, type Connector } from '../connectors/connector.ts';
import { planPage, type FlowToRun } from './run-flow.ts';
import type { Checkpoint, RunStore } from './run-store.ts';

export interface DryRunReport {
  read: number;
  wouldCreate: number;
  wouldUpdate: number;
  unchanged: number;
  wouldFail: number;
  /** A few of the records that would be written, as the target would receive them. */
  samples: { sourceId: string; action: 'create' | 'update'; record: Record<string, unknown> }[];
  failures: { sourceId: string; message: string }[];
}

/**
 * Walks the pages a run would read from `checkpoint` (the flow's own by default) and
 * reports what it would write. Reads only: no write, no link, no cursor, no run row.
 * "Create" means no record link yet (an upsert may still find the record by its match key).
 */
export async function dryRunFlow(
  flow: FlowToRun,
  deps: {
    store: Pick<RunStore, 'readLinks' | 'readCheckpoint'>;
    source: Connector;
    hash: (text: string) => string;
  },
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
  };
  const sampleSize = options.sampleSize ?? 5;
  await prepared(deps.source);
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
    report.wouldFail += failures.length;
    for (const f of failures)
      if (report.failures.length < sampleSize)
        report.failures.push({ sourceId: f.sourceRecordId, message: f.message });
    for (const p of planned) {
      if (p.link?.contentHash === p.hash) {
        report.unchanged++;
        continue;
      }
      const action = p.link ? 'update' : 'create';
      if (action === 'create') report.wouldCreate++;
      else report.wouldUpdate++;
      if (report.samples.length < sampleSize)
        report.samples.push({ sourceId: p.source.id, action, record: p.record });
    }
    state = page.next;
  } while (state);
  return report;
}
