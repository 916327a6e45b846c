// A Pipedrive API v2 emulator (persons, organizations, deals) on 127.0.0.1, after Pipedrive's public docs:
// https://pipedrive.readme.io/docs/core-api-concepts-pagination (cursor + limit ≤ 500, additional_data.next_cursor)
// https://developers.pipedrive.com/docs/api/v2/Persons (list with updated_since / sort_by=update_time,
//   get, add, PATCH update, delete, /persons/search?term=&fields=email&exact_match=true)
// https://developers.pipedrive.com/docs/api/v2/Organizations and …/v2/Deals (status: "If set to deleted, deals that
//   have been deleted up to 30 days ago will be included"; a deal carries is_deleted)
// https://developers.pipedrive.com/changelog/post/permanent-deletion-logic-for-6-core-entities (deleted entities are
//   purged after 30 days)
// https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting (burst limit per token per 2-second window,
//   x-ratelimit-limit / -remaining / -reset on every answer, 429 with Retry-After)
// https://pipedrive.readme.io/docs/how-to-find-the-api-token (the api_token query parameter or x-api-token header)
// Answers are `{ success, data, additional_data }`; errors `{ success: false, error, error_info, data: null }`.
// Deleted persons and organizations vanish from lists and answer 404 (the v2 lists take no parameter that
// shows them); a deleted deal keeps its record with status "deleted" and is_deleted true, listed only when
// asked for (`status=…,deleted`), and answers 404 by id and in search.
import { KeptRecords } from './kept-records.ts';
import {
  emailPattern,
  opaqueToken,
  readOpaqueToken,
  secondsApart,
  startEmulatorServer,
  type EmulatorAnswer,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.ts';

export type PipedriveKind = 'persons' | 'organizations' | 'deals';
export type PipedriveItem = { id: number; update_time: string; add_time: string } & Record<string, unknown>;

const maxLimit = 500;
const errorInfo = 'Please check developers.pipedrive.com for more information about Pipedrive API.';
/** The fields each kind accepts in a write; anything else is refused, as the v2 schema does. */
const writable: Record<PipedriveKind, readonly string[]> = {
  persons: [
    'name',
    'first_name',
    'last_name',
    'emails',
    'phones',
    'org_id',
    'owner_id',
    'visible_to',
    'label_ids',
  ],
  organizations: ['name', 'address', 'owner_id', 'visible_to', 'label_ids'],
  deals: [
    'title',
    'value',
    'currency',
    'status',
    'person_id',
    'org_id',
    'owner_id',
    'stage_id',
    'pipeline_id',
    'expected_close_date',
    'probability',
  ],
};
/** The field a kind cannot be made without (v2: persons and organizations need a name, deals a title). */
const requiredField: Record<PipedriveKind, string> = {
  persons: 'name',
  organizations: 'name',
  deals: 'title',
};
/** What `/search` matches with `fields=…` and `exact_match=true`. */
const searchable: Record<PipedriveKind, Record<string, (item: PipedriveItem) => string[]>> = {
  persons: {
    email: (p) => ((p.emails as { value: string }[] | undefined) ?? []).map((e) => e.value),
    name: (p) => [String(p.name ?? '')],
  },
  organizations: { name: (o) => [String(o.name ?? '')] },
  deals: { title: (d) => [String(d.title ?? '')] },
};

/** RFC 3339 to the second, as v2 writes its times. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The emulator's data, reachable from tests (seed, change at the source, delete, count). */
export class PipedriveStore extends KeptRecords<PipedriveKind, PipedriveItem, 'nextId'> {
  constructor() {
    super(['persons', 'organizations', 'deals'], { nextId: 1 });
  }

  add(kind: PipedriveKind, fields: Record<string, unknown>, at = this.now()): PipedriveItem {
    this.changes++;
    const stamp = rfc3339(at);
    const item: PipedriveItem = {
      ...defaults(kind),
      ...fields,
      id: this.next('nextId'),
      add_time: stamp,
      update_time: stamp,
    };
    this.items[kind].set(item.id, item);
    return item;
  }

  change(kind: PipedriveKind, id: number, fields: Record<string, unknown>, at = this.now()): PipedriveItem {
    const item = this.items[kind].get(id);
    if (!item) throw new Error(`No ${kind} ${id}`);
    this.changes++;
    Object.assign(item, fields, { update_time: rfc3339(at) });
    return item;
  }

  /** Persons and organizations are gone; a deal stays, marked deleted (and listed only when asked). */
  remove(kind: PipedriveKind, id: number): void {
    if (kind === 'deals') this.change(kind, id, { status: 'deleted', is_deleted: true });
    else {
      this.changes++;
      this.items[kind].delete(id);
    }
  }

  /** Deterministic records for tests, one second apart (`secondsApart`). */
  seed(kind: PipedriveKind, count: number, endsAgoMs?: number): PipedriveItem[] {
    return secondsApart(count, endsAgoMs).map((at, i) => this.add(kind, sampleFields(kind, i + 1), at));
  }

  live(kind: PipedriveKind, id: number): PipedriveItem | undefined {
    const item = this.items[kind].get(id);
    return item && item.status !== 'deleted' ? item : undefined;
  }
}

function defaults(kind: PipedriveKind): Record<string, unknown> {
  if (kind === 'persons') return { emails: [], phones: [], org_id: null, owner_id: 1, visible_to: 3 };
  if (kind === 'organizations') return { address: null, owner_id: 1, visible_to: 3 };
  return {
    value: 0,
    currency: 'EUR',
    status: 'open',
    person_id: null,
    org_id: null,
    owner_id: 1,
    stage_id: 1,
    pipeline_id: 1,
    is_deleted: false,
  };
}

export function sampleFields(kind: PipedriveKind, i: number): Record<string, unknown> {
  if (kind === 'persons')
    return {
      name: `Person ${i}`,
      first_name: 'Person',
      last_name: String(i),
      emails: [{ value: `person${i}@example.com`, primary: true, label: 'work' }],
    };
  if (kind === 'organizations') return { name: `Organization ${i}`, address: `${i} High Street` };
  return { title: `Deal ${i}`, value: i * 100, currency: 'EUR' };
}

export interface PipedriveEmulatorOptions {
  port?: number;
  /** Valid API tokens (`api_token` query parameter or `x-api-token` header). */
  tokens?: string[];
  /** The burst limit: requests per 2-second window (Essential plan, api_token: 20). */
  rateLimit?: { requests: number; perMs: number };
  /**
   * A Marketplace app's OAuth access tokens (`Authorization: Bearer …`), as an OAuth
   * emulator knows them (https://pipedrive.readme.io/docs/marketplace-oauth-api).
   */
  tokenState?: (token: string) => 'valid' | 'expired' | 'unknown';
}

export interface PipedriveEmulator extends RunningEmulator {
  store: PipedriveStore;
}

export async function startPipedriveEmulator(
  options: PipedriveEmulatorOptions = {},
): Promise<PipedriveEmulator> {
  const store = new PipedriveStore();
  const tokens = new Set(options.tokens ?? ['pipedrive-demo-token']);
  const error = (status: number, message: string, extra: object = {}): EmulatorAnswer => ({
    status,
    body: {
      success: false,
      error: message,
      error_info: errorInfo,
      data: null,
      additional_data: null,
      ...extra,
    },
  });
  const ok = (data: unknown, status = 200, additional: object | null = null): EmulatorAnswer => ({
    status,
    body: { success: true, data, additional_data: additional },
  });
  const singular = (kind: PipedriveKind) =>
    ({ persons: 'Person', organizations: 'Organization', deals: 'Deal' })[kind];

  function handle(req: EmulatorRequest): EmulatorAnswer {
    const token = req.query.get('api_token') ?? req.headers['x-api-token'];
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const signedIn = bearer !== undefined && options.tokenState?.(bearer) === 'valid';
    if (!signedIn && (typeof token !== 'string' || !tokens.has(token)))
      return error(401, 'unauthorized access', { errorCode: 401 });
    const route = /^\/api\/v2\/(persons|organizations|deals)(?:\/(search|\d+))?$/.exec(req.path);
    if (!route) return error(404, `Unknown method: ${req.method} ${req.path}`);
    const kind = route[1] as PipedriveKind;
    const rest = route[2];
    if (rest === 'search' && req.method === 'GET') return search(kind, req.query);
    if (rest === undefined && req.method === 'GET') return list(kind, req.query);
    if (rest === undefined && req.method === 'POST') return write(kind, req, undefined);
    const id = Number(rest);
    const found = store.live(kind, id);
    if (!found) return error(404, `${singular(kind)} not found`);
    if (req.method === 'GET') return ok(found);
    if (req.method === 'PATCH') return write(kind, req, found);
    if (req.method === 'DELETE') {
      store.remove(kind, id);
      return { ...ok({ id }), wrote: true };
    }
    return error(405, `Method ${req.method} is not allowed here.`);
  }

  function list(kind: PipedriveKind, query: URLSearchParams): EmulatorAnswer {
    const limit = Number(query.get('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
      return error(400, `Validation failed: limit: Must be an integer between 1 and ${maxLimit}`, {
        code: 'ERR_SCHEMA_VALIDATION_FAILED',
      });
    const since = query.get('updated_since');
    const sinceMs = since === null ? undefined : Date.parse(since);
    if (sinceMs !== undefined && Number.isNaN(sinceMs))
      return error(400, 'Validation failed: updated_since: Must be a date-time in RFC 3339 format', {
        code: 'ERR_SCHEMA_VALIDATION_FAILED',
      });
    // Deals list open, won and lost unless asked for deleted ones too.
    const statuses = kind === 'deals' ? (query.get('status') ?? 'open,won,lost').split(',') : undefined;
    const byUpdate = query.get('sort_by') === 'update_time';
    const descending = query.get('sort_direction') === 'desc';
    let all = [...store.items[kind].values()].filter(
      (item) =>
        (sinceMs === undefined || Date.parse(item.update_time) >= sinceMs) &&
        (!statuses || statuses.includes(String(item.status))),
    );
    if (byUpdate) all.sort((a, b) => a.update_time.localeCompare(b.update_time) || a.id - b.id);
    if (descending) all = all.reverse();
    // The cursor is opaque to clients: here, the position of the page's first item.
    const cursor = query.get('cursor');
    const start = cursor === null ? 0 : decodeCursor(cursor);
    if (start === undefined) return error(400, 'Validation failed: cursor: Invalid cursor');
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? opaqueToken({ position: start + limit }) : null;
    return ok(page, 200, { next_cursor: next });
  }

  function search(kind: PipedriveKind, query: URLSearchParams): EmulatorAnswer {
    const term = (query.get('term') ?? '').trim();
    if (term.length < 2)
      return error(400, 'Validation failed: term: Must be at least 2 characters long', {
        code: 'ERR_SCHEMA_VALIDATION_FAILED',
      });
    const fields = (query.get('fields') ?? Object.keys(searchable[kind]).join(',')).split(',');
    const exact = query.get('exact_match') === 'true';
    const matches = (value: string) =>
      exact ? value.toLowerCase() === term.toLowerCase() : value.toLowerCase().includes(term.toLowerCase());
    const items = [...store.items[kind].values()]
      .filter((item) => item.status !== 'deleted')
      .filter((item) => fields.some((f) => (searchable[kind][f]?.(item) ?? []).some(matches)))
      .slice(0, 100)
      .map((item) => ({ result_score: exact ? 1 : 0.5, item }));
    return ok({ items }, 200, { next_cursor: null });
  }

  function write(
    kind: PipedriveKind,
    req: EmulatorRequest,
    existing: PipedriveItem | undefined,
  ): EmulatorAnswer {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.bodyText || '{}') as Record<string, unknown>;
    } catch {
      return error(400, 'Invalid JSON in request body', { code: 'ERR_SCHEMA_VALIDATION_FAILED' });
    }
    const unknown = Object.keys(body).find((k) => !writable[kind].includes(k));
    if (unknown)
      return error(
        400,
        `Validation failed: ${unknown}: Parameter '${unknown}' is not allowed for this request`,
        {
          code: 'ERR_SCHEMA_VALIDATION_FAILED',
        },
      );
    const required = requiredField[kind];
    if (!existing && (typeof body[required] !== 'string' || body[required] === ''))
      return error(400, `Validation failed: ${required}: Parameter '${required}' is required`, {
        code: 'ERR_SCHEMA_VALIDATION_FAILED',
      });
    if (kind === 'persons' && body.emails !== undefined) {
      const emails = body.emails;
      if (!Array.isArray(emails) || emails.some((e) => typeof (e as { value?: unknown })?.value !== 'string'))
        return error(
          400,
          'Validation failed: emails: Must be an array of { value, primary, label } objects',
          {
            code: 'ERR_SCHEMA_VALIDATION_FAILED',
          },
        );
      const bad = (emails as { value: string }[]).find((e) => !emailPattern.test(e.value));
      if (bad)
        return error(400, `Validation failed: emails: '${bad.value}' is not a valid email address`, {
          code: 'ERR_SCHEMA_VALIDATION_FAILED',
        });
    }
    if (
      kind === 'deals' &&
      body.status !== undefined &&
      !['open', 'won', 'lost'].includes(String(body.status))
    )
      return error(400, `Validation failed: status: Must be one of open, won, lost`, {
        code: 'ERR_SCHEMA_VALIDATION_FAILED',
      });
    const item = existing ? store.change(kind, existing.id, body) : store.add(kind, body);
    return { ...ok(item, existing ? 200 : 201), wrote: true };
  }

  const running = await startEmulatorServer(
    {
      handle,
      // A person's page in Pipedrive's web app: /person/<id> (also /organization/<id>, /deal/<id>).
      recordPage(path) {
        const match = /^\/(person|organization|deal)\/(\d+)$/.exec(path);
        if (!match) return undefined;
        const kind = `${match[1]}s` as PipedriveKind;
        const item = store.live(kind, Number(match[2]));
        if (!item) return null;
        return { title: String(item.name ?? item.title ?? item.id), fields: item };
      },
      rateLimited: (retryAfterMs) => ({
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
        body: {
          success: false,
          error: 'Request over limit',
          errorCode: 429,
          error_info: errorInfo,
          data: null,
          additional_data: null,
        },
      }),
      serverError: (status) =>
        error(status, 'Internal server error. Please try again later.', { errorCode: status }),
      // An API token does not expire; a revoked one answers the same 401 as a wrong one.
      expiredToken: () => error(401, 'unauthorized access', { errorCode: 401 }),
      rateHeaders: (remaining, limit) => ({
        'x-ratelimit-limit': String(limit.requests),
        'x-ratelimit-remaining': String(Math.max(0, remaining)),
        'x-ratelimit-reset': String(Math.ceil(limit.perMs / 1000)),
      }),
    },
    { port: options.port, rateLimit: options.rateLimit ?? { requests: 20, perMs: 2000 } },
  );
  return { ...running, store };
}

function decodeCursor(cursor: string): number | undefined {
  const position = (readOpaqueToken(cursor) as { position?: unknown } | undefined)?.position;
  return Number.isSafeInteger(position) && (position as number) >= 0 ? (position as number) : undefined;
}
