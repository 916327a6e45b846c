// Stripe's products, invoices and Events feed, for the Stripe emulator (stripe-emulator.ts),
// after Stripe's public docs:
// https://docs.stripe.com/api/products (object; `id` may be chosen on create; DELETE answers `deleted: true`)
// https://docs.stripe.com/api/invoices (object, list filters, statuses draft/open/paid/void/uncollectible)
// https://docs.stripe.com/api/events/list (newest first, `type` with a `*` wildcard, `created[gt|gte]`,
//   `starting_after`; events are kept 30 days) and https://docs.stripe.com/api/events/types
// Each change appends an event whose `data.object` is the object as it then was.

/** An object Stripe lists newest first, by creation. */
export interface StripeObject {
  id: string;
  object: string;
  created: number;
  [field: string]: unknown;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: 0;
  api_version: string;
}

/** How long Stripe keeps events: older ones are no longer listed. */
const eventDays = 30;

/** The account's Events feed, oldest first. */
export class StripeEvents {
  readonly #events: { event: StripeEvent; createdOf?: () => number }[] = [];
  #next = 1;
  readonly #clock: () => number;

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  /**
   * Appends an event. `createdOf` reads the time from the object itself, for a
   * `*.created` event whose object a test backdates (its creation is the event).
   */
  add(type: string, object: unknown, previous?: Record<string, unknown>, createdOf?: () => number): void {
    const event: StripeEvent = {
      id: `evt_${(this.#next++).toString(36).padStart(16, '0')}`,
      object: 'event',
      type,
      created: this.#clock(),
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 0,
      api_version: '2025-03-31.basil',
    };
    this.#events.push(createdOf ? { event, createdOf } : { event });
  }

  /** `GET /v1/events`: newest first, after `startingAfter`, filtered by type and time. */
  list(query: URLSearchParams, limit: number): { data: StripeEvent[]; hasMore: boolean } | 'unknown-anchor' {
    const type = query.get('type');
    const matchesType = (t: string) =>
      type === null || (type.endsWith('.*') ? t.startsWith(type.slice(0, -1)) : t === type);
    const gt = query.get('created[gt]');
    const gte = query.get('created[gte]');
    const oldest = this.#clock() - eventDays * 86_400;
    const anchor = query.get('starting_after');
    let start = this.#events.length - 1;
    if (anchor) {
      const at = this.#events.findIndex((e) => e.event.id === anchor);
      if (at < 0) return 'unknown-anchor';
      start = at - 1;
    }
    const data: StripeEvent[] = [];
    for (let i = start; i >= 0; i--) {
      const { event, createdOf } = this.#events[i]!;
      const created = createdOf?.() ?? event.created;
      if (!matchesType(event.type) || created < oldest) continue;
      if ((gt !== null && created <= Number(gt)) || (gte !== null && created < Number(gte))) continue;
      if (data.length === limit) return { data, hasMore: true };
      data.push({ ...event, created });
    }
    return { data, hasMore: false };
  }
}

/** One kind of Stripe object (products, invoices): newest-first lists, changes as events. */
export class StripeObjects<T extends StripeObject> {
  readonly ordered: T[] = [];
  readonly byId = new Map<string, { item: T; index: number }>();
  readonly deleted = new Set<string>();
  readonly #kind: 'product' | 'invoice';
  readonly #events: StripeEvents;
  readonly #clock: () => number;
  readonly #changed: () => void;

  constructor(kind: 'product' | 'invoice', events: StripeEvents, clock: () => number, changed: () => void) {
    this.#kind = kind;
    this.#events = events;
    this.#clock = clock;
    this.#changed = changed;
  }

  add(item: Omit<T, 'created'> & { created?: number }): T {
    this.#changed();
    const full = { ...item, created: item.created ?? this.#clock() } as T;
    this.byId.set(full.id, { item: full, index: this.ordered.length });
    this.ordered.push(full);
    this.#events.add(`${this.#kind}.created`, full, undefined, () => full.created);
    return full;
  }

  /** Changes fields; `type` names the event (`invoice.paid`, else `….updated`). */
  update(id: string, fields: Partial<T>, type = `${this.#kind}.updated`): T | undefined {
    const found = this.live(id);
    if (!found) return undefined;
    this.#changed();
    const previous = Object.fromEntries(Object.keys(fields).map((k) => [k, found[k]]));
    Object.assign(found, fields, 'updated' in found ? { updated: this.#clock() } : {});
    this.#events.add(type, found, previous);
    return found;
  }

  remove(id: string): boolean {
    const found = this.live(id);
    if (!found) return false;
    this.#changed();
    this.deleted.add(id);
    this.#events.add(`${this.#kind}.deleted`, found);
    return true;
  }

  live(id: string): T | undefined {
    return this.deleted.has(id) ? undefined : this.byId.get(id)?.item;
  }

  /** Newest first from after `startingAfter`, created at or after `createdGte`, matching `where`. */
  list(
    limit: number,
    startingAfter: string | null,
    createdGte: string | null,
    where: (item: T) => boolean = () => true,
  ): { data: T[]; hasMore: boolean } | 'unknown-anchor' {
    let start = this.ordered.length - 1;
    if (startingAfter) {
      const anchor = this.byId.get(startingAfter);
      if (!anchor) return 'unknown-anchor';
      start = anchor.index - 1;
    }
    const data: T[] = [];
    for (let i = start; i >= 0; i--) {
      const item = this.ordered[i]!;
      if (this.deleted.has(item.id) || !where(item)) continue;
      if (createdGte !== null && item.created < Number(createdGte)) continue;
      if (data.length === limit) return { data, hasMore: true };
      data.push(item);
    }
    return { data, hasMore: false };
  }
}
