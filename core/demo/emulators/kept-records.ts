import { monotonicClock } from './emulator-server.ts';

/** The data a simulated app keeps between starts, as demo-apps.ts saves and loads it. */
export interface KeptStore {
  /** Grows with every change, so the demo knows when to save. */
  readonly changes: number;
  snapshot(): unknown;
  load(saved: unknown): void;
}

/** What a store saves: its records by kind as plain lists, and its counters (next id, order number…). */
export type KeptSnapshot<K extends string, R, C extends string> = { items: Record<K, R[]> } & Record<
  C,
  number
>;

/**
 * An emulator's records by kind, which the demo keeps between starts (demo-apps.ts saves
 * `snapshot()` when `changes` has grown and hands it to `load` at the next start), with
 * the numbers it hands out (`next`), so a record made after a restart gets a new id.
 */
export class KeptRecords<
  K extends string,
  R extends { id: number | string },
  C extends string = never,
> implements KeptStore {
  readonly items: Record<K, Map<R['id'], R>>;
  /** Never repeats a millisecond, so "changed since" filters are exact. */
  readonly now = monotonicClock();
  /** Grows with every change, so the demo knows when to save. */
  changes = 0;
  readonly #counters: Record<C, number>;

  constructor(kinds: readonly K[], counters: Record<C, number>) {
    this.items = Object.fromEntries(kinds.map((kind) => [kind, new Map()])) as Record<K, Map<R['id'], R>>;
    this.#counters = { ...counters };
  }

  /** The counter's number, then counts it on. */
  protected next(counter: C): number {
    return this.#counters[counter]++;
  }

  /** The counter's number now, without counting it on. */
  protected peek(counter: C): number {
    return this.#counters[counter];
  }

  snapshot(): KeptSnapshot<K, R, C> {
    const lists = Object.fromEntries(
      Object.entries<Map<R['id'], R>>(this.items).map(([kind, records]) => [kind, [...records.values()]]),
    ) as Record<K, R[]>;
    return { items: lists, ...this.#counters } as KeptSnapshot<K, R, C>;
  }

  /**
   * Puts saved records back by id. A store of one kind that saved a plain list (Mailchimp's
   * members, before this format) loads as that kind.
   */
  load(saved: KeptSnapshot<K, R, C> | readonly R[]): void {
    const kinds = Object.keys(this.items) as K[];
    const lists: Partial<Record<K, readonly R[]>> =
      'items' in saved
        ? saved.items
        : kinds.length === 1
          ? ({ [kinds[0]!]: saved } as Record<K, readonly R[]>)
          : {};
    for (const kind of kinds) for (const record of lists[kind] ?? []) this.items[kind].set(record.id, record);
    if (!('items' in saved)) return;
    for (const counter of Object.keys(this.#counters) as C[])
      if (typeof saved[counter] === 'number') this.#counters[counter] = saved[counter];
  }
}
