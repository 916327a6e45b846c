import { mustDescribe, type Connector } from '../connectors/connector.ts';
import { ownValue } from '../contract/safe-path.ts';
import { canonicalJson } from './content-hash.ts';

/** What writing one record did, as counted and kept for "Find a record". */
export interface Wrote {
  targetId: string;
  outcome: 'created' | 'updated' | 'unchanged';
}

/**
 * A record the flow has no link for, found by lookup in the target. It was already
 * there, so it is "updated" when the write changes something and "unchanged" (no write
 * at all) when the target already holds every mapped value; only a record this flow's
 * own earlier attempt created (a create that landed before a crash, `madeByUs`) counts
 * as "created". Counting such records as created inflated "records synced" (issue 14).
 */
export async function settleFound(options: {
  target: Connector;
  entity: string;
  targetId: string;
  record: Readonly<Record<string, unknown>>;
  madeByUs: boolean;
  update: (targetId: string) => Promise<string>;
}): Promise<Wrote> {
  const { target, entity, targetId, record, madeByUs } = options;
  const same = await holdsSame(target, entity, targetId, record);
  const id = same ? targetId : await options.update(targetId);
  return { targetId: id, outcome: madeByUs ? 'created' : same ? 'unchanged' : 'updated' };
}

/** True when the target's record already has every value the mapping would write. */
async function holdsSame(
  target: Connector,
  entity: string,
  targetId: string,
  record: Readonly<Record<string, unknown>>,
): Promise<boolean> {
  if (!mustDescribe(target, entity).canGet) return false;
  const current = await target.getRecord(entity, targetId);
  return current !== undefined && contains(current.fields, record);
}

/** Every leaf of `wanted` equals the same path in `actual`; empty values ('' / null / absent) are alike. */
export function contains(actual: unknown, wanted: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(wanted).every(([name, value]) => {
    const there = ownValue(actual, name);
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return contains(there, value as Record<string, unknown>);
    return isEmpty(value) ? isEmpty(there) : canonicalJson(value) === canonicalJson(there);
  });
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';
