import type { FieldMapping } from '../contract/flows.ts';
import { mustDescribe, prepared, type Connector } from '../connectors/connector.ts';
import { mapRecord } from './map-record.ts';

export interface PreviewSample {
  sourceId: string;
  /** The record as the source app gave it. */
  source: Record<string, unknown>;
  /** What the target would receive, or null when the mapping refuses the record. */
  target: Record<string, unknown> | null;
  /** Why the mapping refused it, in words. */
  problem: string | null;
}

/**
 * Runs a mapping that may not be saved yet on the first few records of the source's
 * first page, so people see source → target before they save. Reads one page from
 * the beginning (not the flow's cursor: an unsaved flow has none), writes nothing.
 */
export async function previewFlow(
  flow: { sourceEntity: string; mapping: readonly FieldMapping[] },
  source: Connector,
  sampleSize: number,
): Promise<PreviewSample[]> {
  await prepared(source);
  const { initialCursor } = mustDescribe(source, flow.sourceEntity);
  const page = await source.readPage(flow.sourceEntity, initialCursor, undefined);
  return page.records.slice(0, sampleSize).map((record) => {
    // Mapped exactly as a run maps it, so the preview cannot promise what a run will not do.
    const mapped = mapRecord(flow.mapping, record.fields);
    return mapped.ok
      ? { sourceId: record.id, source: record.fields, target: mapped.record, problem: null }
      : { sourceId: record.id, source: record.fields, target: null, problem: mapped.message };
  });
}
