// The HubSpot emulator's data (hubspot-emulator.ts): contacts, companies and deals, each
// in last-modified order, with HubSpot's archive beside them.
import { monotonicClock } from './emulator-server.ts';
import type { KeptStore } from './kept-records.ts';

export interface HubSpotContact {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
}

/** A record HubSpot archived (DELETE): out of search and reads by id, listed with `archived=true`. */
export interface HubSpotArchived extends HubSpotContact {
  archivedAt: string;
}

/** What differs between HubSpot's object types, as the emulator keeps them. */
interface ObjectType {
  /** The property search filters and sorts on: contacts have their own name for it. */
  modified: 'lastmodifieddate' | 'hs_lastmodifieddate';
  created: 'createdate';
  /** The unique-value property batch upsert may name as `idProperty`, where there is one. */
  unique: string | undefined;
  /** Returned when a request names no properties. */
  defaults: string[];
  /** Properties whose values must be numbers (HubSpot's number type). */
  numbers: string[];
}

export const objectTypes = {
  contacts: {
    modified: 'lastmodifieddate',
    created: 'createdate',
    unique: 'email',
    defaults: ['email', 'firstname', 'lastname', 'createdate', 'lastmodifieddate', 'hs_object_id'],
    numbers: [],
  },
  companies: {
    modified: 'hs_lastmodifieddate',
    created: 'createdate',
    unique: 'domain',
    defaults: ['name', 'domain', 'createdate', 'hs_lastmodifieddate', 'hs_object_id'],
    numbers: ['numberofemployees', 'annualrevenue'],
  },
  deals: {
    modified: 'hs_lastmodifieddate',
    created: 'createdate',
    unique: undefined,
    defaults: [
      'dealname',
      'amount',
      'dealstage',
      'pipeline',
      'closedate',
      'createdate',
      'hs_lastmodifieddate',
      'hs_object_id',
    ],
    numbers: ['amount'],
  },
} satisfies Record<string, ObjectType>;
export type HubSpotObjectType = keyof typeof objectTypes;

interface KeptObjects {
  records: HubSpotContact[];
  nextId: number;
}

/** What the demo keeps of the account: contacts as before, companies and deals beside them. */
export interface HubSpotSnapshot {
  contacts: HubSpotContact[];
  nextId: number;
  companies?: KeptObjects;
  deals?: KeptObjects;
}

/** One object type's records (contacts, companies or deals), with their change order and archive. */
export class HubSpotObjects {
  readonly byId = new Map<string, HubSpotContact>();
  readonly archived = new Map<string, HubSpotArchived>();
  readonly #byUnique = new Map<string, string>();
  /** Ids in last-modified order (the clock only grows, so a write moves a record to the end). */
  protected byModified: { ms: number; id: string }[] = [];
  protected nextId = 1;
  readonly name: HubSpotObjectType;
  readonly type: ObjectType;
  readonly now: () => number;
  /** Counts every change of the account (the demo saves when it moves). */
  readonly #counter: { changes: number };

  constructor(name: HubSpotObjectType, now: () => number, counter: { changes: number }) {
    this.name = name;
    this.type = objectTypes[name];
    this.now = now;
    this.#counter = counter;
  }

  protected changed(): void {
    this.#counter.changes++;
  }

  upsert(
    properties: Record<string, string | null>,
    id?: string,
  ): { contact: HubSpotContact; created: boolean } {
    const existing = id ? this.byId.get(id) : undefined;
    this.changed();
    const ms = this.now();
    const stamp = new Date(ms).toISOString();
    const { modified, created, unique } = this.type;
    if (existing) {
      const oldKey = unique ? existing.properties[unique]?.toLowerCase() : undefined;
      Object.assign(existing.properties, properties, { [modified]: stamp });
      existing.updatedAt = stamp;
      if (oldKey && unique && oldKey !== existing.properties[unique]?.toLowerCase())
        this.#byUnique.delete(oldKey);
      this.index(existing);
      this.byModified = this.byModified.filter((e) => e.id !== existing.id);
      this.byModified.push({ ms, id: existing.id });
      return { contact: existing, created: false };
    }
    const newId = String(this.nextId++);
    const contact: HubSpotContact = {
      id: newId,
      properties: { ...properties, [created]: stamp, [modified]: stamp, hs_object_id: newId },
      createdAt: stamp,
      updatedAt: stamp,
    };
    this.byId.set(newId, contact);
    this.index(contact);
    this.byModified.push({ ms, id: newId });
    return { contact, created: true };
  }

  /** HubSpot's DELETE: the record leaves search and reads by id, and is listed with `archived=true`. */
  archive(id: string): boolean {
    const record = this.byId.get(id);
    if (!record) return false;
    this.changed();
    this.byId.delete(id);
    const key = this.type.unique ? record.properties[this.type.unique]?.toLowerCase() : undefined;
    if (key) this.#byUnique.delete(key);
    this.byModified = this.byModified.filter((e) => e.id !== id);
    this.archived.set(id, { ...record, archivedAt: new Date(this.now()).toISOString() });
    return true;
  }

  /** This type's records, oldest change first, and its next id. */
  saved(): KeptObjects {
    return { records: this.byModified.map((e) => this.byId.get(e.id)!), nextId: this.nextId };
  }

  restore(saved: KeptObjects): void {
    for (const record of saved.records) {
      this.byId.set(record.id, record);
      this.index(record);
      this.byModified.push({ ms: Date.parse(record.updatedAt), id: record.id });
    }
    this.nextId = saved.nextId;
  }

  protected index(record: HubSpotContact): void {
    const key = this.type.unique ? record.properties[this.type.unique]?.toLowerCase() : undefined;
    if (key) this.#byUnique.set(key, record.id);
  }

  /** By the type's unique property (a contact's email, a company's domain). */
  findByUnique(value: string): HubSpotContact | undefined {
    const id = this.#byUnique.get(value.toLowerCase());
    return id ? this.byId.get(id) : undefined;
  }

  /** Records modified at or after `ms`, oldest change first (binary search, then a slice). */
  modifiedSince(ms: number, offset: number, limit: number): { results: HubSpotContact[]; total: number } {
    let lo = 0;
    let hi = this.byModified.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.byModified[mid]!.ms < ms) lo = mid + 1;
      else hi = mid;
    }
    const total = this.byModified.length - lo;
    const slice = this.byModified.slice(lo + offset, lo + offset + limit);
    return { results: slice.map((e) => this.byId.get(e.id)!), total };
  }
}

/** The emulator's data, reachable from tests (seed, fix a record, count): contacts, with companies and deals beside them. */
export class HubSpotStore extends HubSpotObjects implements KeptStore {
  readonly #counter: { changes: number };
  readonly companies: HubSpotObjects;
  readonly deals: HubSpotObjects;

  constructor() {
    const now = monotonicClock();
    const counter = { changes: 0 };
    super('contacts', now, counter);
    this.#counter = counter;
    this.companies = new HubSpotObjects('companies', now, counter);
    this.deals = new HubSpotObjects('deals', now, counter);
  }

  /** Grows with every change to any object type, so the demo knows when to save. */
  get changes(): number {
    return this.#counter.changes;
  }

  objects(type: HubSpotObjectType): HubSpotObjects {
    return type === 'contacts' ? this : this[type];
  }

  /** Every type's records, oldest change first (the demo keeps its simulated apps between starts). */
  snapshot(): HubSpotSnapshot {
    const { records, nextId } = this.saved();
    return { contacts: records, nextId, companies: this.companies.saved(), deals: this.deals.saved() };
  }

  /** Companies and deals are missing from demo files saved before they were kept. */
  load(snapshot: HubSpotSnapshot): void {
    this.restore({ records: snapshot.contacts, nextId: snapshot.nextId });
    if (snapshot.companies) this.companies.restore(snapshot.companies);
    if (snapshot.deals) this.deals.restore(snapshot.deals);
  }

  findByEmail(email: string): HubSpotContact | undefined {
    return this.findByUnique(email);
  }

  /** Deterministic contacts for tests and benchmarks: contact1@example.com… */
  seedContacts(count: number, from = 1): void {
    for (let i = from; i < from + count; i++) {
      this.upsert({
        email: `contact${i}@example.com`,
        firstname: `First${i}`,
        lastname: `Last${i}`,
        phone: `+44 20 7946 ${String(i % 10000).padStart(4, '0')}`,
        company: `Company ${i % 97}`,
      });
    }
  }

  /** Deterministic companies: company1.example.com… */
  seedCompanies(count: number, from = 1): void {
    for (let i = from; i < from + count; i++)
      this.companies.upsert({
        name: `Company ${i}`,
        domain: `company${i}.example.com`,
        city: `City ${i % 13}`,
        numberofemployees: String(5 + (i % 40)),
      });
  }

  /** Deterministic deals: "Deal 1"… */
  seedDeals(count: number, from = 1): void {
    for (let i = from; i < from + count; i++)
      this.deals.upsert({
        dealname: `Deal ${i}`,
        amount: String(100 * i),
        dealstage: i % 3 === 0 ? 'closedwon' : 'appointmentscheduled',
        pipeline: 'default',
      });
  }
}
