import type { EntityDescription } from '../contract/connectors.ts';
import type { Connector, Page, PageState, SourceRecord } from '../connectors/connector.ts';
import { SyncError } from '../reliability/error-classes.ts';

// A second implementation of the `Connector` port, with no HTTP and no manifest: an
// app whose records live in a Map. It follows the port's contract (pages in cursor
// order with an opaque state, ids from create, match-key lookups, keys lower-cased in
// batch answers) so the engine can be run against it unchanged.

interface StoredRecord {
  fields: Record<string, unknown>;
  /** ISO 8601: the record's change time, its cursor value. */
  changedAt: string;
}

export interface InMemoryEntity {
  /** The field a record is found by (`email`). */
  matchField: string;
  /** Records per page. */
  pageSize?: number;
  canGet?: boolean;
  /** Upserts by match key in batches of this size; without it, writes are one by one. */
  batchSize?: number;
  /** Why the app refuses a record (a validation error), or undefined when it takes it. */
  refuse?: (fields: Record<string, unknown>) => string | undefined;
  /** A batch answers a refused record inside it (Xero's ValidationErrors) instead of failing whole. */
  refusesInsideBatch?: boolean;
}

export interface InMemoryConnector extends Connector {
  /** The records as the app holds them, by id. */
  records(entity: string): Map<string, Record<string, unknown>>;
  /** Puts a record in place as the app's own users would, changed at `changedAt`. */
  put(entity: string, id: string, fields: Record<string, unknown>, changedAt: string): void;
  /** Every write call made, in order, as `create|update|batchUpsert|remove entity`. */
  readonly writes: string[];
}

export function createInMemoryConnector(
  appName: string,
  entities: Readonly<Record<string, InMemoryEntity>>,
  options: { now: () => Date },
): InMemoryConnector {
  const stores = new Map(Object.keys(entities).map((name) => [name, new Map<string, StoredRecord>()]));
  let nextId = 1;
  const writes: string[] = [];

  function entity(name: string): { spec: InMemoryEntity; store: Map<string, StoredRecord> } {
    const spec = Object.hasOwn(entities, name) ? entities[name] : undefined;
    const store = stores.get(name);
    if (!spec || !store) throw new Error(`${appName} has no entity called "${name}" in its connector.`);
    return { spec, store };
  }

  function write(name: string, id: string, fields: Record<string, unknown>): string {
    const { spec, store } = entity(name);
    const problem = spec.refuse?.(fields);
    if (problem) throw new SyncError('validation', appName, { detail: problem });
    store.set(id, { fields: { ...fields }, changedAt: options.now().toISOString() });
    return id;
  }

  function findByKey(name: string, key: string): string | undefined {
    const { spec, store } = entity(name);
    for (const [id, record] of store)
      if (String(record.fields[spec.matchField] ?? '').toLowerCase() === key.toLowerCase()) return id;
    return undefined;
  }

  const toSource = (id: string, record: StoredRecord): SourceRecord => ({
    id,
    fields: { ...record.fields },
    cursorValue: record.changedAt,
  });

  return {
    appName,
    writes,
    entityNames: () => Object.keys(entities),
    describe(name: string): EntityDescription | undefined {
      if (!Object.hasOwn(entities, name)) return undefined;
      const spec = entities[name]!;
      return {
        name,
        label: name,
        canList: true,
        canGet: spec.canGet ?? true,
        canLookup: true,
        canCreate: true,
        canUpdate: true,
        canBatchUpsert: spec.batchSize !== undefined,
        canDelete: true,
        incremental: true,
        initialCursor: '',
        ...(spec.batchSize !== undefined ? { batchSize: spec.batchSize } : {}),
        writeConcurrency: 2,
        createRetry: 'lookup',
        fields: [{ name: spec.matchField }],
      };
    },
    async check() {},
    async readPage(name: string, cursor: string, state: PageState | undefined): Promise<Page> {
      const { spec, store } = entity(name);
      const offset = typeof state?.offset === 'number' ? state.offset : 0;
      const changed = [...store]
        .filter(([, record]) => record.changedAt >= cursor)
        .sort(([idA, a], [idB, b]) => a.changedAt.localeCompare(b.changedAt) || idA.localeCompare(idB));
      const size = spec.pageSize ?? 10;
      const records = changed.slice(offset, offset + size).map(([id, record]) => toSource(id, record));
      const next = offset + size < changed.length ? { offset: offset + size } : undefined;
      return { records, next };
    },
    async getRecord(name: string, id: string) {
      const record = entity(name).store.get(id);
      return record ? toSource(id, record) : undefined;
    },
    lookup: async (name, key) => findByKey(name, key),
    async create(name, record) {
      writes.push(`create ${name}`);
      return write(name, `${appName.toLowerCase()}-${nextId++}`, record);
    },
    async update(name, targetId, record) {
      writes.push(`update ${name}`);
      if (!entity(name).store.has(targetId)) throw new SyncError('not_found', appName);
      return write(name, targetId, record);
    },
    async batchUpsert(name, items) {
      writes.push(`batchUpsert ${name}`);
      const ids = new Map<string, string | SyncError>();
      const { spec } = entity(name);
      for (const { key, record } of items) {
        const problem = spec.refusesInsideBatch ? spec.refuse?.(record) : undefined;
        if (problem) {
          ids.set(key.toLowerCase(), new SyncError('validation', appName, { detail: problem }));
          continue;
        }
        const id = findByKey(name, key) ?? `${appName.toLowerCase()}-${nextId++}`;
        ids.set(key.toLowerCase(), write(name, id, record));
      }
      return ids;
    },
    async remove(name, targetId) {
      writes.push(`remove ${name}`);
      entity(name).store.delete(targetId);
    },
    records: (name) => new Map([...entity(name).store].map(([id, record]) => [id, { ...record.fields }])),
    put(name, id, fields, changedAt) {
      entity(name).store.set(id, { fields: { ...fields }, changedAt });
    },
  };
}
