import type { CreateRetry } from '../../contract/connectors.ts';
import { errorClassPolicies, SyncError } from '../../reliability/error-classes.ts';
import { answerMayBeLost, toSyncError } from '../../reliability/sync-error-policy.ts';
import type { WriteOptions } from '../connector.ts';
import type { HttpRequest } from '../http/http-port.ts';
import type { EntitySpec } from './manifest-schema.ts';

/**
 * How this entity's creates are made again when an answer is lost, read from the
 * manifest. A lookup comes first even where the app takes an idempotency key: the key
 * only helps if it reaches the app (a proxy may strip it) and the app keeps it long enough.
 */
export function createRetryOf(spec: EntitySpec): CreateRetry | undefined {
  const write = spec.write;
  if (write?.create) {
    if (spec.lookup) return 'lookup';
    return carriesIdempotencyKey(write.create) ? 'idempotency-key' : 'limited';
  }
  return write?.batchUpsert ? 'upsert' : undefined;
}

/**
 * Whether a write sends an idempotency key: in the header it names, or wherever its
 * templates place `{{idempotencyKey}}` (QuickBooks' `requestid` query parameter).
 */
export function carriesIdempotencyKey(spec: {
  idempotencyHeader?: string | undefined;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
}): boolean {
  if (spec.idempotencyHeader !== undefined) return true;
  return /\{\{\s*idempotencyKey\s*\}\}/.test(JSON.stringify([spec.query, spec.headers, spec.body ?? null]));
}

export interface CreateAttempt {
  readonly appName: string;
  /** One create exchange, not retried; answers the new record's id. */
  readonly send: () => Promise<string>;
  /** One look-up of the record by its match key, where the entity has one and the record a key. */
  readonly lookUp?: (() => Promise<string | undefined>) | undefined;
  /** The request carries an idempotency key for the app to replay. */
  readonly keyed: boolean;
  /** The host's retries with backoff around one operation (connector-factory.ts). */
  readonly reliably: <T>(operation: () => Promise<T>) => Promise<T>;
}

/**
 * Creates a record at most once. A create whose answer was lost may have been stored,
 * so before sending it again the record is looked up by match key (found: that is the
 * one created). Without a lookup the idempotency key is trusted; without either it is
 * not sent again, and the caller queues the record with words saying to check.
 * The look-up and the create run as one operation of `reliably`, so they share its
 * backoff and its rate-limiter slot (nesting a second `reliably` could wait on itself).
 */
export function createAtMostOnce(attempt: CreateAttempt): Promise<string> {
  const { appName, send, lookUp, reliably } = attempt;
  if (!lookUp && attempt.keyed) return reliably(send);
  let answerLost = false;
  return reliably(async () => {
    if (answerLost && lookUp) {
      const found = await lookUp();
      if (found !== undefined) return found;
    }
    try {
      return await send();
    } catch (raw) {
      const error = toSyncError(raw, appName);
      if (!answerMayBeLost(error)) throw error;
      if (!lookUp) throw unconfirmed(error);
      answerLost = true;
      throw error;
    }
  });

  function unconfirmed(error: SyncError): SyncError {
    const how =
      error.errorClass === 'network'
        ? 'the connection broke before its answer arrived'
        : `${appName} answered with an error, which can come after the record was saved`;
    return new SyncError('unconfirmed', appName, {
      summary:
        `${appName} may or may not have created this record: ${how}. ` +
        `Its connector can neither look the record up nor have ${appName} replay the create, so Patchbay did not send it again (that could make a duplicate). ` +
        errorClassPolicies.unconfirmed.action(appName),
    });
  }
}

/** The header that carries a write's idempotency key, where the entity names one. */
export function idempotencyHeaders(header: string | undefined, write: WriteOptions): Partial<HttpRequest> {
  return header && write.idempotencyKey ? { headers: { [header]: write.idempotencyKey } } : {};
}
