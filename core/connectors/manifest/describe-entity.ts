import type { EntityDescription } from '../../contract/connectors.ts';
import { ownValue } from '../../contract/safe-path.ts';
import { createRetryOf } from './create-retry.ts';
import { fromTheBeginning, type EntitySpec, type Manifest } from './manifest-schema.ts';

/** Single-record writes in flight when the manifest sets no limit. */
const defaultWriteConcurrency = 4;

/**
 * Requests one app may have in flight: its rate limit's concurrency. The rate limiter
 * holds the app to it, writes run that many at once, and the HTTP client keeps that
 * many connections to the app's origin.
 */
export function concurrencyOf(manifest: Manifest): number {
  return manifest.rateLimit?.concurrency ?? defaultWriteConcurrency;
}

/** The manifest's own entity by name (own properties only: `constructor` is no entity). */
export function entitySpecOf(manifest: Manifest, name: string): EntitySpec | undefined {
  return ownValue(manifest.entities, name) as EntitySpec | undefined;
}

/** What a manifest says an entity can do, without credentials or a network. */
export function describeManifestEntity(manifest: Manifest, name: string): EntityDescription | undefined {
  const spec = entitySpecOf(manifest, name);
  if (!spec) return undefined;
  const write = spec.write;
  const createRetry = createRetryOf(spec);
  // A sheet is upserted in batches by its key column (sheet-rows.ts).
  const batchSize =
    write?.batchUpsert?.batchSize ?? (spec.rows && write?.create ? spec.rows.batchSize : undefined);
  return {
    name,
    label: spec.label ?? name,
    canList: spec.list !== undefined,
    canGet: spec.get !== undefined,
    canLookup: spec.lookup !== undefined,
    canCreate: write?.create !== undefined,
    canUpdate: write?.update !== undefined,
    canBatchUpsert: batchSize !== undefined,
    canDelete: write?.delete !== undefined,
    ...(spec.deletions ? { showsDeletions: true } : {}),
    incremental: spec.incremental !== undefined,
    initialCursor: spec.incremental?.initial ?? fromTheBeginning,
    ...(batchSize === undefined ? {} : { batchSize }),
    writeConcurrency: concurrencyOf(manifest),
    ...(createRetry ? { createRetry } : {}),
    ...(spec.recordUrl ? { recordUrl: spec.recordUrl } : {}),
    fields: spec.fields.map((field) => ({ ...field })),
    ...(spec.rows?.header ? { fieldsFromApp: true } : {}),
    ...(spec.onlyListedFields ? { onlyListedFields: true } : {}),
  };
}
