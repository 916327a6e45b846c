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
  startEmulatorServer,
  type EmulatorAnswer,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.ts';
import {
  HubSpotStore,
  objectTypes,
  type HubSpotArchived,
  type HubSpotContact,
  type HubSpotObjects,
  type HubSpotObjectType,
} from './hubspot-store.ts';

export {
  HubSpotObjects,
  HubSpotStore,
  type HubSpotArchived,
  type HubSpotContact,
  type HubSpotObjectType,
} from './hubspot-store.ts';

const searchCap = 10_000;
/** The properties a contact's page lets a person change. */
const pageFields = ['firstname', 'lastname', 'email', 'phone'] as const;

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
        problems.push({
          message: `Email address ${email} is invalid`,
          error: 'INVALID_EMAIL',
          name: 'email',
        });
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
        const { contact, created } = objects.upsert(
          { ...input.properties, [unique]: input.id },
          existing?.id,
        );
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
          body: view(
            objects.upsert(body.properties ?? {}, record.id).contact,
            Object.keys(record.properties),
          ),
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
        return error(
          409,
          'CONFLICT',
          `${objects.name === 'contacts' ? 'Contact' : 'Object'} already exists. Existing ID: ${existing.id}`,
        );
      return {
        status: 201,
        wrote: true,
        body: view(objects.upsert(body.properties ?? {}).contact, Object.keys(body.properties ?? {})),
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
