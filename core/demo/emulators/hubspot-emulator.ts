// A HubSpot CRM v3 emulator (contacts, companies, deals) on 127.0.0.1, after HubSpot's public docs:
// https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (objects, batch upsert by email)
// https://developers.hubspot.com/docs/api-reference/2026-03/crm/objects/companies/batch/upsert-companies
//   (upsert by a unique-value idProperty: a company's domain here; deals have none, so they are created and patched)
// https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/deals/guide (deals, hs_lastmodifieddate)
// DELETE archives a record: it leaves search and reads by id, and `GET …?archived=true` lists it
// with `archived: true` and `archivedAt` (docs: "archived=true on a list request shows archived records").
// https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm (search, 10,000-result cap)
// https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines (rate limits, 429 body, headers)
// HubSpot answers 429 with X-HubSpot-RateLimit-* headers; the emulator adds Retry-After too so
// clients that only read the standard header also wait the right time.
import { randomUUID } from 'node:crypto';
import {
  emailPattern,
  monotonicClock,
  startEmulatorServer,
  type EmulatorAnswer,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.ts';

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

const searchCap = 10_000;

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

const objectTypes = {
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
    defaults: ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate', 'createdate', 'hs_lastmodifieddate', 'hs_object_id'],
    numbers: ['amount'],
  },
} satisfies Record<string, ObjectType>;
export type HubSpotObjectType = keyof typeof objectTypes;

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
export class HubSpotStore extends HubSpotObjects {
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

  /** Everything, oldest change first (the demo keeps its simulated apps between starts). */
  snapshot(): { contacts: HubSpotContact[]; nextId: number } {
    return { contacts: this.byModified.map((e) => this.byId.get(e.id)!), nextId: this.nextId };
  }

  load(snapshot: { contacts: HubSpotContact[]; nextId: number }): void {
    for (const contact of snapshot.contacts) {
      this.byId.set(contact.id, contact);
      this.index(contact);
      this.byModified.push({ ms: Date.parse(contact.updatedAt), id: contact.id });
    }
    this.nextId = snapshot.nextId;
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

export interface HubSpotEmulatorOptions {
  port?: number;
  /** Valid private-app tokens (Authorization: Bearer …). */
  tokens?: string[];
  rateLimit?: { requests: number; perMs: number };
}

export interface HubSpotEmulator extends RunningEmulator {
  store: HubSpotStore;
}

export async function startHubSpotEmulator(options: HubSpotEmulatorOptions = {}): Promise<HubSpotEmulator> {
  const store = new HubSpotStore();
  const tokens = new Set(options.tokens ?? ['pat-na1-demo-token']);
  const error = (status: number, category: string, message: string, extra: object = {}): EmulatorAnswer => ({
    status,
    body: { status: 'error', message, correlationId: randomUUID(), category, ...extra },
  });

  const view = (
    c: HubSpotContact | HubSpotArchived,
    properties: string[] | undefined,
    defaults: readonly string[] = objectTypes.contacts.defaults,
  ) => ({
    id: c.id,
    properties: Object.fromEntries((properties ?? defaults).map((p) => [p, c.properties[p] ?? null])),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    archived: 'archivedAt' in c,
    ...('archivedAt' in c ? { archivedAt: c.archivedAt } : {}),
  });

  /** HubSpot's answer for property values it refuses (a contact's email, a number that is not one). */
  function invalidValues(
    objects: HubSpotObjects,
    inputs: { properties?: Record<string, string | null> }[],
  ): EmulatorAnswer | undefined {
    const problems: { message: string; error: string; name: string }[] = [];
    for (const input of inputs) {
      const email = objects.name === 'contacts' ? input.properties?.email : undefined;
      if (typeof email === 'string' && !emailPattern.test(email))
        problems.push({ message: `Email address ${email} is invalid`, error: 'INVALID_EMAIL', name: 'email' });
      for (const name of objects.type.numbers) {
        const value = input.properties?.[name];
        if (typeof value === 'string' && value !== '' && !Number.isFinite(Number(value)))
          problems.push({ message: `${value} was not a valid number.`, error: 'INVALID_DOUBLE', name });
      }
    }
    if (problems.length === 0) return undefined;
    return error(
      400,
      'VALIDATION_ERROR',
      `Property values were not valid: ${JSON.stringify([{ isValid: false, ...problems[0] }])}`,
      {
        errors: problems.map((p) => ({
          message: p.message,
          code: p.error,
          context: { propertyName: [p.name] },
        })),
      },
    );
  }

  function handle(req: EmulatorRequest): EmulatorAnswer {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7))) {
      return error(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
    }
    const route = /^\/crm\/v3\/objects\/(contacts|companies|deals)(\/.*)?$/.exec(req.path);
    if (!route) return error(404, 'OBJECT_NOT_FOUND', `No route for ${req.method} ${req.path}`);
    const objects = store.objects(route[1] as HubSpotObjectType);
    const rest = route[2] ?? '';
    const { defaults, modified, unique } = objects.type;
    let body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- request JSON
    try {
      body = req.bodyText ? (JSON.parse(req.bodyText) as typeof body) : {};
    } catch {
      return error(400, 'VALIDATION_ERROR', 'Invalid input JSON: the request body could not be parsed.');
    }
    const props = req.query.get('properties')?.split(',');
    const base = `/crm/v3/objects/${objects.name}`;

    if (req.method === 'GET' && rest === '') {
      const limit = Math.min(Number(req.query.get('limit') ?? 10), 100);
      const after = Number(req.query.get('after') ?? 0);
      // archived=true lists the archived records only, as HubSpot's list endpoint does.
      const all: (HubSpotContact | HubSpotArchived)[] =
        req.query.get('archived') === 'true' ? [...objects.archived.values()] : [...objects.byId.values()];
      const page = all.slice(after, after + limit);
      const next =
        after + limit < all.length
          ? { next: { after: String(after + limit), link: `${base}?after=${after + limit}` } }
          : {};
      return {
        status: 200,
        body: {
          results: page.map((c) => view(c, props, defaults)),
          ...(Object.keys(next).length ? { paging: next } : {}),
        },
      };
    }
    if (req.method === 'POST' && rest === '/search') {
      const limit = Math.min(Number(body.limit ?? 10), 200);
      const after = Number(body.after ?? 0);
      if (after + limit > searchCap)
        return error(
          400,
          'VALIDATION_ERROR',
          `The maximum number of results a search can page to is ${searchCap}.`,
        );
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- HubSpot filter JSON
      const filters: any[] = body.filterGroups?.[0]?.filters ?? [];
      const since = filters.find(
        (f) => f.propertyName === modified && (f.operator === 'GTE' || f.operator === 'GT'),
      );
      const equal = filters.find((f) => f.operator === 'EQ');
      if (equal) {
        const value = String(equal.value).toLowerCase();
        const found =
          equal.propertyName === unique
            ? objects.findByUnique(value)
            : [...objects.byId.values()].find(
                (c) => c.properties[String(equal.propertyName)]?.toLowerCase() === value,
              );
        return {
          status: 200,
          body: { total: found ? 1 : 0, results: found ? [view(found, body.properties, defaults)] : [] },
        };
      }
      const sinceMs = since ? toMs(since.value) + (since.operator === 'GT' ? 1 : 0) : 0;
      const { results, total } = objects.modifiedSince(sinceMs, after, limit);
      const more = after + results.length < total;
      return {
        status: 200,
        body: {
          total,
          results: results.map((c) => view(c, body.properties, defaults)),
          ...(more ? { paging: { next: { after: String(after + results.length) } } } : {}),
        },
      };
    }
    if (req.method === 'POST' && rest === '/batch/upsert') {
      const inputs: { idProperty?: string; id: string; properties: Record<string, string | null> }[] =
        body.inputs ?? [];
      // HubSpot's wording for an oversized batch (as seen in its answers for other batch limits).
      if (inputs.length > 100)
        return error(
          400,
          'VALIDATION_ERROR',
          'The maximum number of inputs supported in a batch request is 100. Please reduce the number of items and try again',
        );
      if (!unique || inputs.some((i) => i.idProperty !== unique))
        return error(
          400,
          'VALIDATION_ERROR',
          `idProperty must be a unique property${unique ? ` such as ${unique}` : ''}.`,
        );
      const refused = invalidValues(
        objects,
        inputs.map((i) => ({ properties: { ...i.properties, [unique]: i.id } })),
      );
      if (refused) return refused;
      const startedAt = new Date().toISOString();
      const results = inputs.map((input) => {
        const existing = objects.findByUnique(input.id);
        const { contact, created } = objects.upsert({ ...input.properties, [unique]: input.id }, existing?.id);
        return { ...view(contact, Object.keys(contact.properties)), new: created };
      });
      return {
        status: 200,
        wrote: true,
        body: { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() },
      };
    }
    const one = /^\/([^/]+)$/.exec(rest);
    if (one) {
      const id = decodeURIComponent(one[1]!);
      const record =
        unique && req.query.get('idProperty') === unique ? objects.findByUnique(id) : objects.byId.get(id);
      if (!record) return error(404, 'OBJECT_NOT_FOUND', 'resource not found');
      if (req.method === 'GET') return { status: 200, body: view(record, props, defaults) };
      if (req.method === 'PATCH') {
        const refused = invalidValues(objects, [body]);
        if (refused) return refused;
        return {
          status: 200,
          wrote: true,
          body: view(objects.upsert(body.properties ?? {}, record.id).contact, Object.keys(record.properties)),
        };
      }
      if (req.method === 'DELETE') {
        objects.archive(record.id);
        return { status: 204, wrote: true, body: undefined };
      }
    }
    if (req.method === 'POST' && rest === '') {
      const refused = invalidValues(objects, [body]);
      if (refused) return refused;
      const key = unique ? body.properties?.[unique] : undefined;
      const existing = typeof key === 'string' ? objects.findByUnique(key) : undefined;
      // HubSpot's words for contacts; other types with a unique property answer alike.
      if (existing)
        return error(409, 'CONFLICT', `${objects.name === 'contacts' ? 'Contact' : 'Object'} already exists. Existing ID: ${existing.id}`);
      return {
        status: 201,
        wrote: true,
        body: view(objects.upsert(body.properties ?? {}).contact, Object.keys(body.properties ?? {})),
      };
    }
    return error(404, 'OBJECT_NOT_FOUND', `No route for ${req.method} ${req.path}`);
  }

  const running = await startEmulatorServer(
    {
      handle,
      // A contact's page in HubSpot's web app: /contacts/<account id>/record/0-1/<id>.
      recordPage(path) {
        const match = /^\/contacts\/[^/]+\/record\/0-1\/([^/]+)$/.exec(path);
        if (!match) return undefined;
        const contact = store.byId.get(decodeURIComponent(match[1]!));
        if (!contact) return null;
        const { firstname, lastname, email } = contact.properties;
        const title = [firstname, lastname].filter(Boolean).join(' ') || email || `Contact ${contact.id}`;
        return { title, fields: { 'Record ID': contact.id, ...contact.properties } };
      },
      rateLimited: (retryAfterMs) => ({
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
        body: {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          policyName: 'TEN_SECONDLY_ROLLING',
        },
      }),
      serverError: (status) => error(status, 'INTERNAL_ERROR', 'internal error'),
      expiredToken: () =>
        error(
          401,
          'EXPIRED_AUTHENTICATION',
          'The OAuth token used to make this call expired 2 minute(s) ago.',
        ),
      rateHeaders: (remaining, limit) => ({
        'x-hubspot-ratelimit-max': String(limit.requests),
        'x-hubspot-ratelimit-remaining': String(Math.max(0, remaining)),
        'x-hubspot-ratelimit-interval-milliseconds': String(limit.perMs),
      }),
    },
    { port: options.port, rateLimit: options.rateLimit ?? { requests: 100, perMs: 10_000 } },
  );
  return { ...running, store };
}

function toMs(value: unknown): number {
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}
