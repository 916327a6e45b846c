import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../connectors/http/node-http-client.ts';
import type { Connector, SourceRecord } from '../connectors/connector.ts';
import { describeManifestEntity } from '../connectors/manifest/describe-entity.ts';
import { createManifestConnector } from '../connectors/manifest/manifest-connector.ts';
import { builtInConnectors } from '../connectors/presets/index.ts';
import type { RunningEmulator } from '../demo/emulators/emulator-server.ts';
import { retryInPlace } from '../reliability/backoff.ts';
import { SyncError, toSyncError } from '../reliability/sync-error-policy.ts';
import { readAll } from './connector-test-kit.ts';

// One contract every built-in connector keeps against its emulator (issue 12): each app's
// test file describes its app once (`ContractApp`) and calls `connectorContract`. The
// connector is the real manifest interpreter on the real HTTP client, wrapped in the
// same retry-with-backoff the connector factory uses, so a 429 is retried as in a run.

export interface ContractApp<E extends RunningEmulator> {
  /** The app's name, as messages say it ("Reconnect Pipedrive"). */
  name: string;
  /** The preset's id in `presets/index.ts`. */
  connectorId: string;
  /** A fresh emulator, the credential it accepts and the app's settings besides its address. */
  start(): Promise<{ emulator: E; secret: string; config?: Record<string, unknown> }>;
  entity: string;
  /** Puts `count` records at the source, each changed before anything the test changes later. */
  seed(emulator: E, count: number): void | Promise<void>;
  /** How many records to seed and how many pages a full read of them takes. */
  pages: { records: number; pages: number };
  /**
   * The API has no changed-since filter (Google Sheets): every run reads everything and
   * the engine finds changes by content. The incremental case then checks that a full
   * read shows the changes, and records carry no cursor.
   */
  fullReadsOnly?: true;
  /** Changes the source after a full read; answers the ids an incremental read must bring. */
  changeAtSource(emulator: E, seen: readonly SourceRecord[]): string[] | Promise<string[]>;
  /**
   * Writes one by one (create / update) or in batches by match key (batch upsert). Left
   * out, with the three below, for an entity the connector only reads (Stripe invoices).
   */
  writes?: 'single' | 'batch';
  /** A record as a flow writes it, with its match-key value. */
  newRecord?(n: number): { key: string; record: Record<string, unknown> };
  /** An update's fields, and what the source then shows for the record. */
  update?: { record: Record<string, unknown>; atSource(emulator: E, id: string): unknown; expected: unknown };
  /** A record the app refuses, and the app's own words for why. */
  invalid?: { key: string; record: Record<string, unknown>; message: string };
  /** The wait, in seconds, the app's 429 names (left out when it names none: Stripe). */
  retryAfterSeconds?: number;
  /** How the API shows a deleted record, where it shows one. */
  deletion?: {
    remove(emulator: E, id: string): void | Promise<void>;
    /** `gone`: no longer read by id nor listed; otherwise listed again, with `field` set to `value`. */
    seen: 'gone' | { field: string; value: unknown };
  };
}

const presets = new Map(builtInConnectors.map(({ manifest }) => [manifest.id, manifest]));

/**
 * The contract's cases, one `it` each: 9 per writable entity (6 for one only read), one
 * more where the test removes a record at the source, and one more where the connector
 * declares how the API shows deletions.
 */
export function connectorContract<E extends RunningEmulator>(app: ContractApp<E>): void {
  const manifest = presets.get(app.connectorId);
  const description = manifest && describeManifestEntity(manifest, app.entity);
  const writes =
    app.writes && app.newRecord && app.update && app.invalid
      ? { mode: app.writes, newRecord: app.newRecord, update: app.update, invalid: app.invalid }
      : undefined;
  let running: E | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  const waits: number[] = [];

  async function open(secretOverride?: string) {
    const { emulator, secret, config = {} } = await app.start();
    running = emulator;
    waits.length = 0;
    if (!manifest) throw new Error(`No built-in connector "${app.connectorId}".`);
    const connector = createManifestConnector({
      manifest,
      appName: app.name,
      config: { baseUrl: emulator.url, ...config },
      secret: async () => secretOverride ?? secret,
      send: createNodeHttpClient({ timeoutMs: 10_000 }).send,
      now: () => new Date(),
      digest: (algorithm, text) => createHash(algorithm).update(text).digest('hex'),
      // The factory's retry policy, waits recorded (and kept short) so the test can read them.
      reliably: (operation) =>
        retryInPlace(operation, {
          baseMs: 10,
          capMs: 50,
          maxAttempts: 8,
          maxWaitMs: 60_000,
          random: () => 0.5,
          toSyncError: (error) => toSyncError(error, app.name),
          sleep: async (ms) => {
            waits.push(ms);
            await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50)));
          },
        }),
    });
    return { emulator, connector };
  }

  /** Creates (or upserts) one record; answers its id in the app. */
  async function create(connector: Connector, item: { key: string; record: Record<string, unknown> }) {
    if (writes?.mode === 'single') return connector.create(app.entity, item.record, { matchKey: item.key });
    const result = (await connector.batchUpsert(app.entity, [item])).get(item.key.toLowerCase());
    if (result instanceof SyncError) throw result;
    if (result === undefined) throw new Error(`${app.name} answered no id for ${item.key}.`);
    return typeof result === 'string' ? result : result.id;
  }

  async function update(connector: Connector, id: string, key: string, record: Record<string, unknown>) {
    if (writes?.mode === 'single') return connector.update(app.entity, id, record);
    return create(connector, { key, record });
  }

  const cursorOf = (records: readonly SourceRecord[]) =>
    records.reduce<string | undefined>(
      (max, r) =>
        r.cursorValue !== undefined && (max === undefined || r.cursorValue > max) ? r.cursorValue : max,
      undefined,
    );

  describe(`the ${app.name} connector's ${app.entity} keep the connector contract against its emulator`, () => {
    it('checks the connection; a wrong credential is an auth error that asks to reconnect', async () => {
      const { connector } = await open();
      await expect(connector.check()).resolves.toBeUndefined();
      const { connector: wrong } = await open(`${'x'.repeat(8)}-wrong-credential`);
      const error = (await wrong.check().catch((e: unknown) => e)) as SyncError;
      expect(error).toBeInstanceOf(SyncError);
      expect(error).toMatchObject({ errorClass: 'auth', recordLevel: false });
      expect(error.action).toContain(`Reconnect ${app.name}`);
    });

    it('reads every page', async () => {
      const { emulator, connector } = await open();
      await app.seed(emulator, app.pages.records);
      const { records, pages } = await readAll(connector, app.entity);
      expect(pages).toBe(app.pages.pages);
      expect(records).toHaveLength(app.pages.records);
      expect(new Set(records.map((r) => r.id)).size).toBe(app.pages.records);
      expect(records.every((r) => r.cursorValue !== undefined)).toBe(!app.fullReadsOnly);
    });

    if (app.fullReadsOnly)
      it('a full read shows what changed at the source', async () => {
        const { emulator, connector } = await open();
        await app.seed(emulator, 30);
        const first = await readAll(connector, app.entity);
        const changed = await app.changeAtSource(emulator, first.records);
        const { records } = await readAll(connector, app.entity);
        expect(records.map((r) => r.id)).toEqual(first.records.map((r) => r.id));
        const before = new Map(first.records.map((r) => [r.id, JSON.stringify(r.fields)]));
        const differ = records.filter((r) => before.get(r.id) !== JSON.stringify(r.fields)).map((r) => r.id);
        expect(differ).toEqual(changed);
      });
    else
      it('an incremental run from the cursor returns only what changed', async () => {
        const { emulator, connector } = await open();
        await app.seed(emulator, 30);
        const first = await readAll(connector, app.entity);
        const cursor = cursorOf(first.records)!;
        const changed = await app.changeAtSource(emulator, first.records);
        const { records } = await readAll(connector, app.entity, cursor);
        const ids = records.map((r) => r.id);
        expect(ids).toEqual(expect.arrayContaining(changed));
        // Besides the changes, only a record changed at the cursor itself may come again
        // (a "from this time on" filter); nothing older.
        const others = records.filter((r) => !changed.includes(r.id));
        expect(others.every((r) => r.cursorValue === cursor)).toBe(true);
        expect(records.length).toBeLessThan(first.records.length);
      });

    if (writes) {
      it('creates a record and finds it again by its match key', async () => {
        const { connector } = await open();
        const item = writes.newRecord(1);
        const id = await create(connector, item);
        expect(id).toMatch(/\S/);
        expect((await connector.getRecord(app.entity, id))?.id).toBe(id);
        if (connector.describe(app.entity)?.canLookup) {
          expect(await connector.lookup(app.entity, item.key)).toBe(id);
          expect(await connector.lookup(app.entity, writes.newRecord(999).key)).toBeUndefined();
        } else {
          // An app that upserts by match key finds the record itself: the same key, the same record.
          expect(await create(connector, item)).toBe(id);
        }
      });

      it('updates the record in place', async () => {
        const { emulator, connector } = await open();
        const item = writes.newRecord(2);
        const id = await create(connector, item);
        const updated = await update(connector, id, item.key, writes.update.record);
        expect(updated).toBe(id);
        expect(writes.update.atSource(emulator, id)).toEqual(writes.update.expected);
      });
    }

    it('waits as a 429 says, then carries on', async () => {
      const { emulator, connector } = await open();
      await app.seed(emulator, 3);
      emulator.faults.set({ rate429: { next: 1 } });
      const { records } = await readAll(connector, app.entity);
      expect(records).toHaveLength(3);
      expect(emulator.stats.answered429).toBe(1);
      expect(waits).toHaveLength(1);
      if (app.retryAfterSeconds !== undefined)
        expect(waits[0]).toBeGreaterThanOrEqual(app.retryAfterSeconds * 1000);
    });

    if (writes)
      it("a refused record fails alone, in the app's own words", async () => {
        const { connector } = await open();
        const error = (await create(connector, writes.invalid).catch((e: unknown) => e)) as SyncError;
        expect(error).toBeInstanceOf(SyncError);
        expect(error).toMatchObject({ errorClass: 'validation', recordLevel: true, retryable: false });
        expect(error.detail).toContain(writes.invalid.message);
      });

    it('an expired or revoked sign-in stops the run with "Reconnect"', async () => {
      const { emulator, connector } = await open();
      emulator.faults.set({ expiredToken: true });
      const error = (await connector
        .readPage(app.entity, '1970-01-01T00:00:00.000Z', undefined)
        .catch((e: unknown) => e)) as SyncError;
      expect(error).toMatchObject({ errorClass: 'auth', recordLevel: false, retryable: false });
      expect(error.action).toContain(`Reconnect ${app.name}`);
    });

    it('reads through every fault switch and still brings each record once', async () => {
      const { emulator, connector } = await open();
      await app.seed(emulator, app.pages.records);
      emulator.faults.set({
        seed: 7,
        rate429: { probability: 0.1 },
        server5xx: { probability: 0.05 },
        dropConnection: { probability: 0.05 },
        malformedJson: { probability: 0.05 },
        slow: { probability: 0.1, ms: 20 },
      });
      const { records } = await readAll(connector, app.entity);
      const fired = emulator.faults.fired;
      expect(fired.rate429 + fired.server5xx + fired.dropConnection + fired.malformedJson).toBeGreaterThan(0);
      expect(new Set(records.map((r) => r.id)).size).toBe(app.pages.records);
      expect(records).toHaveLength(app.pages.records);
    });

    const deletion = app.deletion;
    if (deletion)
      it('sees a deletion the way the API shows it', async () => {
        const { emulator, connector } = await open();
        await app.seed(emulator, 5);
        const first = await readAll(connector, app.entity);
        const victim = first.records[2]!.id;
        await deletion.remove(emulator, victim);
        if (deletion.seen === 'gone') {
          expect(await connector.getRecord(app.entity, victim)).toBeUndefined();
          const again = await readAll(connector, app.entity);
          expect(again.records.map((r) => r.id)).not.toContain(victim);
          expect(again.records).toHaveLength(4);
        } else if (description?.showsDeletions) {
          // Declared by the connector: never read as a record again (the next case sees the deletion).
          expect(await connector.getRecord(app.entity, victim)).toBeUndefined();
        } else {
          const { records } = await readAll(connector, app.entity, cursorOf(first.records));
          expect(records.find((r) => r.id === victim)?.fields[deletion.seen.field]).toEqual(
            deletion.seen.value,
          );
        }
      });

    // Every entity whose connector declares deletions (docs/connectors.md#deletions) runs this one.
    if (description?.showsDeletions)
      it('a deletion is seen where the API exposes one: reported as a deletion, not as a record', async () => {
        if (!deletion)
          throw new Error(
            `${app.name} ${app.entity} declares deletions: give the contract a way to delete one.`,
          );
        const { emulator, connector } = await open();
        await app.seed(emulator, 5);
        const first = await readAll(connector, app.entity);
        expect(first.deleted).toEqual([]);
        const victim = first.records[2]!.id;
        await deletion.remove(emulator, victim);
        const { records, deleted } = await readAll(connector, app.entity, cursorOf(first.records));
        expect(deleted.map((d) => d.id)).toContain(victim);
        expect(records.map((r) => r.id)).not.toContain(victim);
        // The others were not deleted.
        const others = first.records.filter((r) => r.id !== victim).map((r) => r.id);
        expect(deleted.map((d) => d.id).filter((id) => others.includes(id))).toEqual([]);
      });
  });
}

/** An emulator store holding several kinds of record by numeric id (Pipedrive, Shopify). */
export interface KindStore<K extends string> {
  readonly items: Record<K, Map<number, Record<string, unknown>>>;
  seed(kind: K, count: number): unknown;
  change(kind: K, id: number, fields: Record<string, unknown>): unknown;
  remove(kind: K, id: number): void;
}

type StoreEmulator<K extends string> = RunningEmulator & { store: KindStore<K> };

/** What every entity of such an app shares. */
export type StoreApp<K extends string, E extends StoreEmulator<K>> = Pick<
  ContractApp<E>,
  'name' | 'connectorId' | 'start' | 'retryAfterSeconds'
> & {
  /** How the API shows a deleted record of this kind; undefined where the connector does not delete. */
  deletionSeen(kind: K): 'gone' | { field: string; value: unknown } | undefined;
};

/**
 * One entity of an app whose emulator keeps a `KindStore`: seeding, a change at the
 * source (two records) and deletion come from the store; the rest is the entity's own.
 */
export function storeEntityApp<K extends string, E extends StoreEmulator<K>>(
  app: StoreApp<K, E>,
  kind: K,
  changed: Record<string, unknown>,
  own: Required<Pick<ContractApp<E>, 'pages' | 'newRecord' | 'update' | 'invalid'>>,
): ContractApp<E> {
  const seen = app.deletionSeen(kind);
  return {
    name: app.name,
    connectorId: app.connectorId,
    start: app.start,
    ...(app.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: app.retryAfterSeconds }),
    entity: kind,
    seed: (emulator, count) => void emulator.store.seed(kind, count),
    changeAtSource: (emulator) => {
      const ids = [...emulator.store.items[kind].keys()];
      const picked = [ids[4]!, ids[17]!];
      for (const id of picked) emulator.store.change(kind, id, changed);
      return picked.map(String);
    },
    writes: 'single',
    ...own,
    ...(seen
      ? { deletion: { remove: (emulator, id) => emulator.store.remove(kind, Number(id)), seen } }
      : {}),
  };
}

/** Some fields of one record in a `KindStore`, as the source now holds them. */
export function fieldsAtSource<K extends string>(store: KindStore<K>, kind: K, id: string, names: string[]) {
  const record = store.items[kind].get(Number(id))!;
  return Object.fromEntries(names.map((n) => [n, record[n]]));
}
