// What a run did with each record, as spans of record ids (0016-outcome-spans.ts): one
// byte per id from the span's first, so a page of 100 records costs a row of ~110 bytes
// instead of 100 rows. Pure arithmetic on bytes; record-outcome-repository.ts stores them.

/** The byte of an id the span's run did not read. */
export const notRead = 255;
/** Ids further apart than this start a new span: a gap costs one byte per missing id. */
const maxGap = 8;
/** Long stretches are cut, so a row stays well inside one database page. */
const maxLength = 256;

export interface Span {
  readonly firstId: number;
  readonly outcomes: Uint8Array;
}

/** A page's outcomes (record id → code) as spans, ids close together sharing one. */
export function spansOf(codes: ReadonlyMap<number, number>): Span[] {
  const ids = [...codes.keys()].sort((a, b) => a - b);
  const spans: Span[] = [];
  let start = 0;
  for (let i = 1; i <= ids.length; i++) {
    if (i < ids.length && ids[i]! - ids[i - 1]! <= maxGap && ids[i]! - ids[start]! < maxLength) continue;
    const firstId = ids[start]!;
    const outcomes = new Uint8Array(ids[i - 1]! - firstId + 1).fill(notRead);
    for (let j = start; j < i; j++) outcomes[ids[j]! - firstId] = codes.get(ids[j]!)!;
    spans.push({ firstId, outcomes });
    start = i;
  }
  return spans;
}

/** Spans of one run laid over each other as one, a later span's outcome winning where two read a record. */
export function merged(spans: readonly Span[]): Span {
  const firstId = Math.min(...spans.map((s) => s.firstId));
  const end = Math.max(...spans.map((s) => s.firstId + s.outcomes.length));
  const outcomes = new Uint8Array(end - firstId).fill(notRead);
  for (const span of spans)
    span.outcomes.forEach((code, i) => {
      if (code !== notRead) outcomes[span.firstId - firstId + i] = code;
    });
  return { firstId, outcomes };
}

/** The ids a span's run read. */
export function* readIds(span: Span): Generator<number> {
  for (let i = 0; i < span.outcomes.length; i++) if (span.outcomes[i] !== notRead) yield span.firstId + i;
}
