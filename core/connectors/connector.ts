import type { EntityDescription } from '../contract/connectors.ts';
import type { SyncError } from '../reliability/error-classes.ts';

// The port every connector implements and the engine and services depend on: the REST
// interpreter (manifest/manifest-connector.ts) is one implementation; a file, SQL or
// code adapter will be others. Pure types: no node:*, no HTTP.

/** A record as the source app gave it. */
export interface SourceRecord {
  id: string;
  fields: Record<string, unknown>;
  /** The record's incremental cursor value, in the connector's cursor format (ISO 8601 for REST). */
  cursorValue: string | undefined;
}

/**
 * Where a listing stands between pages: opaque to the engine, which stores it with the
 * checkpoint and hands it back. Plain JSON, so a crash can resume from it.
 */
export type PageState = { readonly [key: string]: unknown };

export interface Page {
  records: SourceRecord[];
  /** Undefined when this was the last page. */
  next: PageState | undefined;
  /**
   * Source rows that cannot become records (a file's line with a column missing): each
   * goes to the failure queue in the connector's words, and the rest of the page syncs.
   */
  rejected?: RejectedRecord[];
  /**
   * Records the source says were deleted or archived (a status field, a tombstone
   * listing, a deletion event): the engine never writes them again and counts them as
   * deleted at the source. Left out when there are none.
   */
  deleted?: DeletedRecord[];
  /** Problems with the source as a whole this page (a file left out because it is locked), in plain words for the run's timeline. */
  notices?: string[];
}

/** A record deleted or archived at the source, as the connector learnt it. */
export interface DeletedRecord {
  id: string;
  /** When the deletion happened, in the cursor's format, where the listing's clock says (a deletion event). */
  cursorValue?: string;
}

export interface RejectedRecord {
  id: string;
  /** What could be read of it, kept with the failure so nothing is lost. */
  fields: Record<string, unknown>;
  /** Where and what, in plain words: `orders.csv, line 14, column "Amount": …`. */
  message: string;
}

export interface WriteOptions {
  /** The same write of the same content carries the same key, for apps that replay keyed writes. */
  idempotencyKey?: string;
  /** The record's match-key value: a create whose answer was lost is looked up by it before being sent again. */
  matchKey?: string;
}

export interface Connector {
  /** The app's name, for messages in plain words. */
  readonly appName: string;

  /**
   * Loads what `entityNames` and `describe` answer from, where the connector learns its
   * entities from the app itself (a database's catalogue of tables and columns). The
   * engine and the services call it (through `prepared`) before describing; connectors
   * that know their entities up front leave it out.
   */
  prepare?(): Promise<void>;

  /** The entities the connector offers, by the names it reads and writes them under. */
  entityNames(): readonly string[];
  /** What the connector can do with an entity; undefined when it has no such entity. */
  describe(entity: string): EntityDescription | undefined;

  /** Proves the connection and credential with one cheap call. */
  check(): Promise<void>;

  /**
   * One page of records changed since `cursor`, from `state` (undefined for the first
   * page). Returns the state that reads the next page.
   */
  readPage(entity: string, cursor: string, state: PageState | undefined): Promise<Page>;
  /** One record by id; undefined when the app says it does not exist (or cannot fetch by id). */
  getRecord(entity: string, id: string): Promise<SourceRecord | undefined>;
  /** The id of an existing record whose match key equals `key`, if there is one. */
  lookup(entity: string, key: string): Promise<string | undefined>;

  /** Creates a record, at most once; answers its id. */
  create(entity: string, record: Record<string, unknown>, write?: WriteOptions): Promise<string>;
  /** Changes the record `targetId`; answers its id. */
  update(
    entity: string,
    targetId: string,
    record: Record<string, unknown>,
    write?: WriteOptions,
  ): Promise<string>;
  /**
   * Upserts by match key in batches of `describe(entity).batchSize`; answers per key
   * (lower-cased) the written id — with whether the app created the record, where its
   * answer says so (`Upserted`) — or the error of a record the app refused inside a batch it took.
   */
  batchUpsert(
    entity: string,
    items: readonly { key: string; record: Record<string, unknown> }[],
  ): Promise<Map<string, string | Upserted | SyncError>>;
  /** Archives or deletes a record where the app can (`describe(entity).canDelete`). */
  remove(entity: string, targetId: string): Promise<void>;
}

/**
 * A record a batch upsert wrote, from an app whose answer says whether the record was new
 * (HubSpot's `results[].new`): the run counts it created or updated from the app's word,
 * even when the target already held a record Patchbay had never linked.
 */
export interface Upserted {
  readonly id: string;
  readonly created: boolean;
}

/** Every connector given, with its entities loaded (`prepare`), in parallel. */
export async function prepared(...connectors: readonly Connector[]): Promise<void> {
  await Promise.all(connectors.map((connector) => connector.prepare?.()));
}

/** The description of an entity the connector must have; a plain error naming both otherwise. */
export function mustDescribe(connector: Connector, entity: string): EntityDescription {
  const description = connector.describe(entity);
  if (!description)
    throw new Error(`${connector.appName} has no entity called "${entity}" in its connector.`);
  return description;
}

/** The entity as the connector names it ("Contacts" → "contacts"), or undefined. */
export function entityNamed(connector: Pick<Connector, 'entityNames'>, entity: string): string | undefined {
  return connector.entityNames().find((name) => name.toLowerCase() === entity.toLowerCase());
}
