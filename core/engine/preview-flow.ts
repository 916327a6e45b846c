import type { FieldMapping } from '../contract/flows.ts';
import { mustDescribe, prepared, type Connector } from '../connectors/connector.ts';
import type { EntityDescription } from '../contract/connectors.ts';
import { mappingFieldWarnings, type FieldWarning } from '../contract/known-fields.ts';
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

/** The target as the preview knows it: its name and what its connector says of the entity. */
export interface PreviewTarget {
  appName: string;
  entity: EntityDescription;
}

/**
 * Runs a mapping that may not be saved yet on the first few records of the source's
 * first page, so people see source → target before they save. Reads one page from
 * the beginning (not the flow's cursor: an unsaved flow has none), writes nothing.
 * Warns of source fields neither the connector nor the sample records have (`emial`),
 * and of target fields the target's connector does not list.
 */
export async function previewFlow(
  flow: { sourceEntity: string; mapping: readonly FieldMapping[] },
  source: Connector,
  sampleSize: number,
  target?: PreviewTarget,
): Promise<{ samples: PreviewSample[]; warnings: FieldWarning[] }> {
  await prepared(source);
  const entity = mustDescribe(source, flow.sourceEntity);
  const page = await source.readPage(flow.sourceEntity, entity.initialCursor, undefined);
  const records = page.records.slice(0, sampleSize);
  const samples = records.map((record) => {
    // Mapped exactly as a run maps it, so the preview cannot promise what a run will not do.
    const mapped = mapRecord(flow.mapping, record.fields);
    return mapped.ok
      ? { sourceId: record.id, source: record.fields, target: mapped.record, problem: null }
      : { sourceId: record.id, source: record.fields, target: null, problem: mapped.message };
  });
  // Without fields or records, nothing is known of the source: no warning rather than a wrong one.
  const sourceKnown = [
    ...entity.fields.map((f) => f.name),
    ...new Set(records.flatMap((r) => Object.keys(r.fields))),
  ];
  const warnings = mappingFieldWarnings(
    flow.mapping,
    { label: `${source.appName} ${entity.label.toLowerCase()}`, known: sourceKnown },
    {
      label: target ? `${target.appName} ${target.entity.label.toLowerCase()}` : 'the target',
      known: target?.entity.fields.map((f) => f.name) ?? [],
      onlyListedFields: target?.entity.onlyListedFields,
    },
  );
  return { samples, warnings };
}
