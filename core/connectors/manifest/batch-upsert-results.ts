import type { Upserted } from '../connector.ts';
import { classifyMalformedBody } from '../../reliability/classify-http-error.ts';
import { SyncError } from '../../reliability/error-classes.ts';
import type { Manifest } from './manifest-schema.ts';
import { getPath } from './template.ts';

type BatchUpsertSpec = NonNullable<NonNullable<Manifest['entities'][string]['write']>['batchUpsert']>;

/**
 * One batch answer matched back to its records, by lower-cased match key: the written id
 * (with created or not, where the app says), or the record's own refusal.
 */
export function upsertResults(
  batch: BatchUpsertSpec,
  body: unknown,
  sent: readonly { key: string }[],
  appName: string,
): Map<string, string | Upserted | SyncError> {
  const results = getPath(body, batch.resultsPath);
  if (!Array.isArray(results)) throw classifyMalformedBody(appName);
  const outcomes = new Map<string, string | Upserted | SyncError>();
  for (const [index, result] of results.entries()) {
    // By its key where the result holds it, else by its place (the order sent).
    const key = batch.resultKeyPath ? getPath(result, batch.resultKeyPath) : sent[index]?.key;
    if (key === undefined) continue;
    const refused = batch.itemErrorPath === undefined ? undefined : getPath(result, batch.itemErrorPath);
    if (refused !== undefined && refused !== null && refused !== '') {
      // One record refused inside a successful answer: it fails alone, in the app's words.
      outcomes.set(
        String(key).toLowerCase(),
        new SyncError('validation', appName, { detail: String(refused).slice(0, 300) }),
      );
      continue;
    }
    const id = getPath(result, batch.idPath);
    if (id === undefined) continue;
    const created = batch.createdPath === undefined ? undefined : getPath(result, batch.createdPath);
    outcomes.set(
      String(key).toLowerCase(),
      typeof created === 'boolean' ? { id: String(id), created } : String(id),
    );
  }
  return outcomes;
}
