import type { FailureWrite, RecordLink, RecordOutcome, RecordOutcomeKind } from './run-store.ts';

// What this needs of run-flow.ts's `Planned` and `Written`, named here so the two
// modules do not import each other.
interface PlannedRecord {
  source: { id: string };
  key: string;
  hash: string;
  link: RecordLink | undefined;
}
interface WrittenPage {
  links: readonly RecordLink[];
  failures: readonly FailureWrite[];
  outcomes: ReadonlyMap<string, RecordOutcomeKind>;
}

/**
 * One compact line per record a page read (its ids, match key and what happened), so
 * "Find a record" can answer "what happened to maria@example.com?" for every run that
 * touched it. Records are unchanged when their link already had the content's hash or
 * the target was found holding it; failures come from mapping, the source or the write.
 */
export function outcomesOfPage(
  planned: readonly PlannedRecord[],
  written: WrittenPage,
  otherFailures: readonly FailureWrite[],
): RecordOutcome[] {
  const targetIds = new Map(written.links.map((l) => [l.sourceId, l.targetId]));
  const failed = new Set([...otherFailures, ...written.failures].map((f) => f.sourceRecordId));
  const out: RecordOutcome[] = [];
  const keys = new Map<string, string>();
  for (const p of planned) {
    if (p.key) keys.set(p.source.id, p.key);
    if (failed.has(p.source.id)) continue;
    const outcome =
      written.outcomes.get(p.source.id) ?? (p.link?.contentHash === p.hash ? 'unchanged' : undefined);
    if (!outcome) continue;
    out.push({
      sourceId: p.source.id,
      key: p.key || undefined,
      targetId: targetIds.get(p.source.id) ?? p.link?.targetId,
      outcome,
    });
  }
  for (const id of failed)
    out.push({ sourceId: id, key: keys.get(id), targetId: undefined, outcome: 'failed' });
  return out;
}
