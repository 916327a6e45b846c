import type { FlowInput } from '../contract/flows.ts';

/**
 * A flow that copies the named columns unchanged from one app's entity to another's,
 * matched on `key`: what a folder of spreadsheets is usually synced with in tests.
 */
export function copyColumnsFlow(input: {
  name: string;
  from: { id: string; entity: string };
  to: { id: string; entity: string };
  key: string;
  columns: readonly string[];
}): FlowInput {
  return {
    name: input.name,
    sourceAppId: input.from.id,
    sourceEntity: input.from.entity,
    targetAppId: input.to.id,
    targetEntity: input.to.entity,
    matchKey: input.key,
    mapping: input.columns.map((c) => ({ target: c, source: c })),
  };
}
