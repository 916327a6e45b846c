// A HubSpot CRM v3 contacts emulator on 127.0.0.1, after HubSpot's public docs:
// https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (objects, batch upsert by email)
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

const searchCap = 10_000;
const defaultProperties = [
  'email',
  'firstname',
  'lastname',
  'createdate',
  'lastmodifieddate',
  'hs_object_id',
];

/** The properties a contact's page lets a person change. */
const pageFields = ['firstname', 'lastname', 'email', 'phone'] as const;

/** The emulator's data, reachable from tests (seed, fix a record, count). */
export class HubSpotStore {
  readonly byId = new Map<string, HubSpotContact>();
  readonly #byEmail = new Map<string, string>();
  /** Ids in lastmodifieddate order (the clock only grows, so a write moves a contact to the end). */
  #byModified: { ms: number; id: string }[] = [];
  #nextId = 1;
  readonly now = monotonicClock();
  /** Grows with every change, so the demo knows when to save. */
  changes = 0;

  /** Everything, oldest change first (the demo keeps its simulated apps between starts). */
  snapshot(): { contacts: HubSpotContact[]; nextId: number } {
    return { contacts: this.#byModified.map((e) => this.byId.get(e.id)!), nextId: this.#nextId };
  }

  load(snapshot: { contacts: HubSpotContact[]; nextId: number }): void {
    for (const contact of snapshot.contacts) {
      this.byId.set(contact.id, contact);
      this.#index(contact);
      this.#byModified.push({ ms: Date.parse(contact.updatedAt), id: contact.id });
    }
    this.#nextId = snapshot.nextId;
  }

  upsert(
    properties: Record<string, string | null>,
    id?: string,
  ): { contact: HubSpotContact; created: boolean } {
    const existing = id ? this.byId.get(id) : undefined;
    this.changes++;
    const ms = this.now();
    const stamp = new Date(ms).toISOString();
    if (existing) {
      const oldEmail = existing.properties.email?.toLowerCase();
      Object.assign(existing.properties, properties, { lastmodifieddate: stamp });
      existing.updatedAt = stamp;
      if (oldEmail && oldEmail !== existing.properties.email?.toLowerCase()) this.#byEmail.delete(oldEmail);
      this.#index(existing);
      this.#byModified = this.#byModified.filter((e) => e.id !== existing.id);
      this.#byModified.push({ ms, id: existing.id });
      return { contact: existing, created: false };
    }
    const newId = String(this.#nextId++);
    const contact: HubSpotContact = {
      id: newId,
      properties: { ...properties, createdate: stamp, lastmodifieddate: stamp, hs_object_id: newId },
      createdAt: stamp,
      updatedAt: stamp,
    };
    this.byId.set(newId, contact);
    this.#index(contact);
    this.#byModified.push({ ms, id: newId });
    return { contact, created: true };
  }

  #index(contact: HubSpotContact): void {
    const email = contact.properties.email?.toLowerCase();
    if (email) this.#byEmail.set(email, contact.id);
  }

  findByEmail(email: string): HubSpotContact | undefined {
    const id = this.#byEmail.get(email.toLowerCase());
    return id ? this.byId.get(id) : undefined;
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

  /** Contacts modified at or after `ms`, oldest change first (binary search, then a slice). */
  modifiedSince(ms: number, offset: number, limit: number): { results: HubSpotContact[]; total: number } {
    let lo = 0;
    let hi = this.#byModified.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#byModified[mid]!.ms < ms) lo = mid + 1;
      else hi = mid;
    }
    const total = this.#byModified.length - lo;
    const slice = this.#byModified.slice(lo + offset, lo + offset + limit);
    return { results: slice.map((e) => this.byId.get(e.id)!), total };
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

  const view = (c: HubSpotContact, properties: string[] | undefined) => ({
    id: c.id,
    properties: Object.fromEntries(
      (properties ?? defaultProperties).map((p) => [p, c.properties[p] ?? null]),
    ),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    archived: false,
  });

  function invalidEmails(inputs: { properties?: Record<string, string | null> }[]): string[] {
    return inputs
      .map((i) => i.properties?.email)
      .filter((e): e is string => typeof e === 'string' && !emailPattern.test(e));
  }

  function validationError(emails: string[]): EmulatorAnswer {
    return error(
      400,
      'VALIDATION_ERROR',
      `Property values were not valid: [{"isValid":false,"message":"Email address ${emails[0]} is invalid","error":"INVALID_EMAIL","name":"email"}]`,
      {
        errors: emails.map((email) => ({
          message: `Email address ${email} is invalid`,
          code: 'INVALID_EMAIL',
          context: { propertyName: ['email'] },
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
    const base = '/crm/v3/objects/contacts';
    let body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- request JSON
    try {
      body = req.bodyText ? (JSON.parse(req.bodyText) as typeof body) : {};
    } catch {
      return error(400, 'VALIDATION_ERROR', 'Invalid input JSON: the request body could not be parsed.');
    }
    const props = req.query.get('properties')?.split(',');

    if (req.method === 'GET' && req.path === base) {
      const limit = Math.min(Number(req.query.get('limit') ?? 10), 100);
      const after = Number(req.query.get('after') ?? 0);
      const all = [...store.byId.values()];
      const page = all.slice(after, after + limit);
      const next =
        after + limit < all.length
          ? { next: { after: String(after + limit), link: `${base}?after=${after + limit}` } }
          : {};
      return {
        status: 200,
        body: {
          results: page.map((c) => view(c, props)),
          ...(Object.keys(next).length ? { paging: next } : {}),
        },
      };
    }
    if (req.method === 'POST' && req.path === `${base}/search`) {
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
        (f) => f.propertyName === 'lastmodifieddate' && (f.operator === 'GTE' || f.operator === 'GT'),
      );
      const email = filters.find((f) => f.propertyName === 'email' && f.operator === 'EQ');
      if (email) {
        const found = store.findByEmail(String(email.value));
        return {
          status: 200,
          body: { total: found ? 1 : 0, results: found ? [view(found, body.properties)] : [] },
        };
      }
      const sinceMs = since ? toMs(since.value) + (since.operator === 'GT' ? 1 : 0) : 0;
      const { results, total } = store.modifiedSince(sinceMs, after, limit);
      const more = after + results.length < total;
      return {
        status: 200,
        body: {
          total,
          results: results.map((c) => view(c, body.properties)),
          ...(more ? { paging: { next: { after: String(after + results.length) } } } : {}),
        },
      };
    }
    if (req.method === 'POST' && req.path === `${base}/batch/upsert`) {
      const inputs: { idProperty?: string; id: string; properties: Record<string, string | null> }[] =
        body.inputs ?? [];
      // HubSpot's wording for an oversized batch (as seen in its answers for other batch limits).
      if (inputs.length > 100)
        return error(
          400,
          'VALIDATION_ERROR',
          'The maximum number of inputs supported in a batch request is 100. Please reduce the number of items and try again',
        );
      if (inputs.some((i) => i.idProperty !== 'email'))
        return error(400, 'VALIDATION_ERROR', 'idProperty must be a unique property such as email.');
      const bad = invalidEmails(inputs.map((i) => ({ properties: { ...i.properties, email: i.id } })));
      if (bad.length > 0) return validationError(bad);
      const startedAt = new Date().toISOString();
      const results = inputs.map((input) => {
        const existing = store.findByEmail(input.id);
        const { contact, created } = store.upsert({ ...input.properties, email: input.id }, existing?.id);
        return { ...view(contact, Object.keys(contact.properties)), new: created };
      });
      return {
        status: 200,
        wrote: true,
        body: { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() },
      };
    }
    const one = new RegExp(`^${base}/([^/]+)$`).exec(req.path);
    if (one) {
      const contact =
        req.query.get('idProperty') === 'email'
          ? store.findByEmail(decodeURIComponent(one[1]!))
          : store.byId.get(one[1]!);
      if (!contact) return error(404, 'OBJECT_NOT_FOUND', 'resource not found');
      if (req.method === 'GET') return { status: 200, body: view(contact, props) };
      if (req.method === 'PATCH') {
        const bad = invalidEmails([body]);
        if (bad.length > 0) return validationError(bad);
        return {
          status: 200,
          wrote: true,
          body: view(
            store.upsert(body.properties ?? {}, contact.id).contact,
            Object.keys(contact.properties),
          ),
        };
      }
    }
    if (req.method === 'POST' && req.path === base) {
      const email = body.properties?.email;
      const bad = invalidEmails([body]);
      if (bad.length > 0) return validationError(bad);
      const existing = email ? store.findByEmail(email) : undefined;
      if (existing) return error(409, 'CONFLICT', `Contact already exists. Existing ID: ${existing.id}`);
      return {
        status: 201,
        wrote: true,
        body: view(store.upsert(body.properties ?? {}).contact, Object.keys(body.properties ?? {})),
      };
    }
    return error(404, 'OBJECT_NOT_FOUND', `No route for ${req.method} ${req.path}`);
  }

  /** The contact a record page shows: /contacts/<account id>/record/0-1/<id>; undefined when no record page. */
  function contactOfPage(path: string): HubSpotContact | null | undefined {
    const match = /^\/contacts\/[^/]+\/record\/0-1\/([^/]+)$/.exec(path);
    if (!match) return undefined;
    return store.byId.get(decodeURIComponent(match[1]!)) ?? null;
  }

  const running = await startEmulatorServer(
    {
      handle,
      // A contact's page in HubSpot's web app: /contacts/<account id>/record/0-1/<id>.
      recordPage(path) {
        const contact = contactOfPage(path);
        if (contact === undefined) return undefined;
        if (!contact) return null;
        const { firstname, lastname, email } = contact.properties;
        const title = [firstname, lastname].filter(Boolean).join(' ') || email || `Contact ${contact.id}`;
        const fields = {
          'Record ID': contact.id,
          ...Object.fromEntries(pageFields.map((f) => [f, ''])),
          ...contact.properties,
        };
        return { title, fields, editable: pageFields };
      },
      // The contact's page saves what a person typed, as HubSpot's record screen does.
      saveRecordPage(path, values) {
        const contact = contactOfPage(path);
        if (!contact) return false;
        const changed = Object.fromEntries(
          pageFields.flatMap((f) => (f in values ? [[f, values[f]!.trim()]] : [])),
        );
        store.upsert(changed, contact.id);
        return true;
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
