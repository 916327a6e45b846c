// A Zendesk Support API emulator (users, tickets) on 127.0.0.1, after Zendesk's public docs:
// https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/ (cursor exports
//   /incremental/users|tickets/cursor.json: start_time in epoch seconds, then cursor=after_cursor until
//   end_of_stream; deleted tickets included unless exclude_deleted=true; 10 requests a minute)
// https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api
//   (items created or changed within the minute before the request are excluded)
// https://developer.zendesk.com/api-reference/introduction/pagination/ (offset paging past 10,000 records: 400)
// https://developer.zendesk.com/api-reference/introduction/rate-limits (429 with Retry-After; X-Rate-Limit headers)
// https://developer.zendesk.com/api-reference/ticketing/users/users/ (create_or_update by email, search, soft delete:
//   a deleted user stays, `active` "false if the user has been deleted"; GET /deleted_users lists deleted users)
// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/ (create with Idempotency-Key, update, delete:
//   a deleted ticket leaves the ticket endpoints (404) for GET /deleted_tickets — {id, subject, actor, deleted_at,
//   previous_state}, 100 a page, kept 30 days — and the ticket export shows it with status "deleted")
// https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api#excluding-deleted-tickets
// https://developer.zendesk.com/api-reference/introduction/security-and-auth/ (Basic {email}/token:{api_token}, or Bearer)
// Errors: 401 {"error":"Couldn't authenticate you"}; 422 {"error":"RecordInvalid","description":"Record validation
// errors","details":{"email":[{"description":"…","error":"InvalidFormat"}]}}.
import { createHash, randomUUID } from 'node:crypto';
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

export type ZendeskKind = 'users' | 'tickets';
export type ZendeskRecord = { id: number; created_at: string; updated_at: string } & Record<string, unknown>;

const singular = { users: 'user', tickets: 'ticket' } as const;
const offsetCap = 10_000;
const exportPageMax = 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const writable: Record<ZendeskKind, readonly string[]> = {
  users: ['name', 'email', 'phone', 'role', 'organization_id', 'external_id', 'notes', 'tags', 'verified'],
  tickets: [
    'subject',
    'comment',
    'description',
    'priority',
    'status',
    'type',
    'requester_id',
    'assignee_id',
    'external_id',
    'tags',
  ],
};

/** The emulator's data, reachable from tests (seed, change at the source, delete). */
export class ZendeskStore extends KeptRecords<ZendeskKind, ZendeskRecord, 'nextId'> {
  /** When each record last changed, in ms (the exports compare start_time with it; after a restart, its updated_at). */
  readonly #changedAt = new Map<ZendeskRecord, number>();
  /** When and from what each deleted record was deleted (the deleted_* lists show it). */
  readonly #deletions = new Map<ZendeskRecord, { at: string; previousState: unknown }>();

  constructor() {
    super(['users', 'tickets'], { nextId: 1 });
  }

  add(kind: ZendeskKind, fields: Record<string, unknown>, at = this.now()): ZendeskRecord {
    const extra: Record<string, unknown> =
      kind === 'users'
        ? { active: true, role: 'end-user', external_id: null, phone: null, tags: [] }
        : { status: 'new', priority: null, external_id: null, tags: [] };
    if (kind === 'tickets' && fields.comment) extra.description = (fields.comment as { body?: string }).body;
    const { comment: _comment, ...rest } = fields;
    const record = { ...extra, ...rest, id: this.next('nextId') } as ZendeskRecord;
    this.items[kind].set(record.id, record);
    return this.#touch(record, iso(at), at, true);
  }

  change(kind: ZendeskKind, id: number, fields: Record<string, unknown>, at = this.now()): ZendeskRecord {
    const record = this.items[kind].get(id);
    if (!record) throw new Error(`No ${kind} ${id}`);
    const { comment: _comment, ...rest } = fields;
    Object.assign(record, rest);
    return this.#touch(record, iso(at), at, false);
  }

  #touch(record: ZendeskRecord, stamp: string, at: number, created: boolean): ZendeskRecord {
    this.changes++;
    if (created) record.created_at = stamp;
    record.updated_at = stamp;
    if ('status' in record) record.generated_timestamp = Math.floor(at / 1000);
    this.#changedAt.set(record, at);
    return record;
  }

  changedAt(record: ZendeskRecord): number {
    return this.#changedAt.get(record) ?? Date.parse(record.updated_at);
  }

  /** A deleted user stays, inactive; a deleted ticket stays, status "deleted" (both shown in the exports). */
  remove(kind: ZendeskKind, id: number): void {
    const previousState = this.items[kind].get(id)?.status;
    const record = this.change(kind, id, kind === 'users' ? { active: false } : { status: 'deleted' });
    this.#deletions.set(record, { at: record.updated_at, previousState });
  }

  /** Users have no status and tickets no `active`: each kind's own mark. */
  isDeleted(record: ZendeskRecord): boolean {
    return record.active === false || record.status === 'deleted';
  }

  /** The records deleted and not yet purged, with when (a record kept between demo starts: its updated_at). */
  deleted(kind: ZendeskKind): { record: ZendeskRecord; at: string; previousState: unknown }[] {
    return [...this.items[kind].values()]
      .filter((record) => this.isDeleted(record))
      .map((record) => ({
        record,
        at: record.updated_at,
        previousState: undefined,
        ...this.#deletions.get(record),
      }));
  }

  /** A ticket as the ticket endpoints see it: a deleted one is not there. A deleted user still is (inactive). */
  live(kind: ZendeskKind, id: number): ZendeskRecord | undefined {
    const record = this.items[kind].get(id);
    return record && !(kind === 'tickets' && this.isDeleted(record)) ? record : undefined;
  }

  seed(kind: ZendeskKind, count: number, endsAgoMs = 5 * 60_000): ZendeskRecord[] {
    return secondsApart(count, endsAgoMs).map((at, i) => this.add(kind, sampleFields(kind, i + 1), at));
  }

  findUserByEmail(email: string): ZendeskRecord | undefined {
    const wanted = email.toLowerCase();
    for (const u of this.items.users.values()) if (String(u.email ?? '').toLowerCase() === wanted) return u;
    return undefined;
  }
}

export function sampleFields(kind: ZendeskKind, i: number): Record<string, unknown> {
  if (kind === 'users') return { name: `Customer ${i}`, email: `customer${i}@example.com` };
  return { subject: `Help ${i}`, comment: { body: `Something broke (${i}).` }, external_id: `order-${i}` };
}

export interface ZendeskEmulatorOptions {
  port?: number;
  /** Valid agents' API tokens, by the agent's email (Basic `{email}/token:{token}`). */
  tokens?: Record<string, string>;
  /** Account-wide requests a minute (Team 200). */
  rateLimit?: { requests: number; perMs: number };
  /** How much of the newest changes the exports hold back (a minute); tests of other behaviour may shorten it. */
  holdBackMs?: number;
}

export interface ZendeskEmulator extends RunningEmulator {
  store: ZendeskStore;
}

type ExportPosition = { afterMs: number; afterId: number; exclude: boolean };

export async function startZendeskEmulator(options: ZendeskEmulatorOptions = {}): Promise<ZendeskEmulator> {
  const store = new ZendeskStore();
  const tokens = options.tokens ?? { 'agent@example.com': 'zendesk-demo-token' };
  const holdBackMs = options.holdBackMs ?? 60_000;
  const idempotency = new Map<string, { fingerprint: string; answer: EmulatorAnswer }>();
  const fail = (status: number, body: object): EmulatorAnswer => ({ status, body });
  const invalid = (field: string, description: string, error: string) =>
    fail(422, {
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: { [field]: [{ description, error }] },
    });

  function signedIn(req: EmulatorRequest): boolean {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Basic ')) return false;
    const [user, token] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(/:(.*)/s);
    const email = user?.endsWith('/token') ? user.slice(0, -'/token'.length) : undefined;
    return email !== undefined && token !== undefined && tokens[email] === token;
  }

  function handle(req: EmulatorRequest): EmulatorAnswer {
    if (!signedIn(req)) return fail(401, { error: "Couldn't authenticate you" });
    const exp = /^\/api\/v2\/incremental\/(users|tickets)\/cursor\.json$/.exec(req.path);
    if (exp && req.method === 'GET') return exportPage(exp[1] as ZendeskKind, req.query);
    const gone = /^\/api\/v2\/deleted_(users|tickets)(?:\/(\d+))?(?:\.json)?$/.exec(req.path);
    if (gone && req.method === 'GET') return deletedList(gone[1] as ZendeskKind, gone[2], req.query);
    const route = /^\/api\/v2\/(users|tickets)(?:\/(search|create_or_update|\d+))?\.json$/.exec(req.path);
    if (!route) return fail(404, { error: 'InvalidEndpoint', description: 'Not found' });
    const kind = route[1] as ZendeskKind;
    const rest = route[2];
    if (rest === 'search' && kind === 'users' && req.method === 'GET') return searchUsers(req.query);
    if (rest === undefined && req.method === 'GET') return listed(kind, req.query);
    if (rest === 'create_or_update' && kind === 'users' && req.method === 'POST')
      return write(kind, req, 'upsert');
    if (rest === undefined && req.method === 'POST') return keyed(req, () => write(kind, req, 'create'));
    const found = rest === undefined ? undefined : store.live(kind, Number(rest));
    if (!found) return fail(404, { error: 'RecordNotFound', description: 'Not found' });
    if (req.method === 'GET') return { status: 200, body: { [singular[kind]]: found } };
    if (req.method === 'PUT') return write(kind, req, found);
    if (req.method === 'DELETE') {
      store.remove(kind, found.id);
      return kind === 'users'
        ? { status: 200, wrote: true, body: { user: found } }
        : { status: 204, wrote: true, body: undefined };
    }
    return fail(405, { error: 'MethodNotAllowed' });
  }

  /** Ticket creates replay their first answer for the same Idempotency-Key (a different body is refused). */
  function keyed(req: EmulatorRequest, run: () => EmulatorAnswer): EmulatorAnswer {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !req.path.includes('tickets')) return run();
    const fingerprint = createHash('sha256').update(req.bodyText).digest('hex');
    const seen = idempotency.get(key);
    if (seen) {
      if (seen.fingerprint !== fingerprint)
        return invalid(
          'base',
          'Idempotency key reused with a different request body',
          'IdempotentRequestError',
        );
      return { ...seen.answer, wrote: false, headers: { 'x-idempotency-lookup': 'hit' } };
    }
    const answer = run();
    if (answer.status < 300) idempotency.set(key, { fingerprint, answer });
    return { ...answer, headers: { ...answer.headers, 'x-idempotency-lookup': 'miss' } };
  }

  function exportPage(kind: ZendeskKind, query: URLSearchParams): EmulatorAnswer {
    const size = Math.min(Number(query.get('per_page') ?? exportPageMax), exportPageMax);
    let position: ExportPosition;
    const cursor = query.get('cursor');
    if (cursor !== null) {
      // The cursor carries where the export stands; a start_time beside it changes nothing.
      const decoded = readOpaqueToken(cursor) as ExportPosition | undefined;
      if (!decoded || !Number.isFinite(decoded.afterMs))
        return fail(400, { error: 'InvalidPaginationParameter', description: 'cursor is not valid' });
      position = decoded;
    } else {
      const start = Number(query.get('start_time'));
      if (query.get('start_time') === null || !Number.isInteger(start) || start < 0)
        return fail(400, { error: 'InvalidValue', description: 'start_time is required (epoch seconds).' });
      position = {
        afterMs: start * 1000 - 1,
        afterId: Number.MAX_SAFE_INTEGER,
        exclude: query.get('exclude_deleted') === 'true',
      };
    }
    // The store's clock, not Date.now(): it runs ahead by a millisecond per change made within one.
    const until = store.now() - holdBackMs;
    const rows = [...store.items[kind].values()]
      .map((record) => ({ record, at: store.changedAt(record) }))
      .filter(({ record, at }) => at <= until && !(position.exclude && record.status === 'deleted'))
      .filter(
        ({ record, at }) =>
          at > position.afterMs || (at === position.afterMs && record.id > position.afterId),
      )
      .sort((a, b) => a.at - b.at || a.record.id - b.record.id);
    const page = rows.slice(0, size);
    const last = page.at(-1);
    const after = last ? { afterMs: last.at, afterId: last.record.id, exclude: position.exclude } : position;
    const afterCursor = opaqueToken(after);
    return {
      status: 200,
      body: {
        [kind]: page.map((r) => r.record),
        after_cursor: afterCursor,
        after_url: `/api/v2/incremental/${kind}/cursor.json?cursor=${afterCursor}`,
        before_cursor: null,
        before_url: null,
        end_of_stream: rows.length <= size,
      },
    };
  }

  function listed(kind: ZendeskKind, query: URLSearchParams): EmulatorAnswer {
    const externalId = query.get('external_id');
    const all = [...store.items[kind].values()].filter(
      (r) =>
        (externalId === null || r.external_id === externalId) &&
        (kind === 'users' || store.live(kind, r.id) !== undefined),
    );
    return offsetPage(kind, all, query);
  }

  /** GET /deleted_users and /deleted_tickets (a deleted ticket as its summary), or one deleted user by id. */
  function deletedList(kind: ZendeskKind, id: string | undefined, query: URLSearchParams): EmulatorAnswer {
    const deleted = store.deleted(kind);
    if (id !== undefined) {
      const one = deleted.find((d) => d.record.id === Number(id));
      if (!one || kind === 'tickets') return fail(404, { error: 'RecordNotFound', description: 'Not found' });
      return { status: 200, body: { deleted_user: one.record } };
    }
    const order = query.get('sort_order') === 'desc' ? -1 : 1;
    const byDeletion = query.get('sort_by') === 'deleted_at';
    const sorted = deleted.sort(
      (a, b) =>
        order *
        (byDeletion
          ? a.at.localeCompare(b.at) || a.record.id - b.record.id
          : a.record.created_at.localeCompare(b.record.created_at) || a.record.id - b.record.id),
    );
    const items = sorted.map(({ record, at, previousState }) =>
      kind === 'users'
        ? record
        : {
            id: record.id,
            subject: record.subject,
            description: record.description,
            // Who deleted it: the emulator keeps no agents' ids, so one stands for them all.
            actor: { id: 1, name: 'Agent' },
            deleted_at: at,
            previous_state: previousState ?? null,
          },
    );
    return offsetPage(`deleted_${kind}`, items, query);
  }

  function offsetPage(name: string, all: readonly unknown[], query: URLSearchParams): EmulatorAnswer {
    const perPage = Math.min(Number(query.get('per_page') ?? 100), 100);
    const page = Number(query.get('page') ?? 1);
    if (page * perPage > offsetCap)
      return fail(400, {
        error: 'InvalidPaginationParameter',
        description: `Offset pagination is limited to the first ${offsetCap} records. Use cursor pagination instead.`,
      });
    const slice = all.slice((page - 1) * perPage, page * perPage);
    return {
      status: 200,
      body: {
        [name]: slice,
        count: all.length,
        next_page: page * perPage < all.length ? `?page=${page + 1}` : null,
      },
    };
  }

  function searchUsers(query: URLSearchParams): EmulatorAnswer {
    const email = /^email:(\S+)$/.exec((query.get('query') ?? '').trim());
    const found = email ? store.findUserByEmail(email[1]!) : undefined;
    return { status: 200, body: { users: found ? [found] : [], count: found ? 1 : 0, next_page: null } };
  }

  function write(
    kind: ZendeskKind,
    req: EmulatorRequest,
    mode: 'create' | 'upsert' | ZendeskRecord,
  ): EmulatorAnswer {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.bodyText || '{}') as Record<string, unknown>;
    } catch {
      return fail(400, {
        error: 'Unprocessable Entity',
        description: 'Could not parse the request body as JSON.',
      });
    }
    const input = body[singular[kind]];
    if (!input || typeof input !== 'object' || Array.isArray(input))
      return fail(400, {
        error: 'InvalidEndpoint',
        description: `Request body must contain a "${singular[kind]}" object.`,
      });
    const fields = Object.fromEntries(
      Object.entries(input as Record<string, unknown>).filter(([k]) => writable[kind].includes(k)),
    );
    let existing = typeof mode === 'object' ? mode : undefined;
    if (mode === 'upsert' && typeof fields.email === 'string') existing = store.findUserByEmail(fields.email);
    if (kind === 'users') {
      if (!existing && (typeof fields.name !== 'string' || fields.name.trim() === ''))
        return invalid('name', 'Name:  is too short (minimum one character)', 'BlankValue');
      if (typeof fields.email === 'string' && !emailPattern.test(fields.email))
        return invalid('email', `Email: ${fields.email} is not properly formatted`, 'InvalidFormat');
      const holder = typeof fields.email === 'string' ? store.findUserByEmail(fields.email) : undefined;
      if (holder && holder !== existing)
        return invalid(
          'email',
          `Email: ${String(fields.email)} is already being used by another user`,
          'DuplicateValue',
        );
    } else if (
      !existing &&
      !(fields.comment as { body?: unknown } | undefined)?.body &&
      !fields.description
    ) {
      return invalid('description', 'Description: cannot be blank', 'BlankValue');
    }
    const record = existing ? store.change(kind, existing.id, fields) : store.add(kind, fields);
    return { status: existing ? 200 : 201, wrote: true, body: { [singular[kind]]: record } };
  }

  const running = await startEmulatorServer(
    {
      handle,
      // A ticket's page in the agent workspace: /agent/tickets/<id> (users: /agent/users/<id>).
      recordPage(path) {
        const match = /^\/agent\/(users|tickets)\/(\d+)$/.exec(path);
        if (!match) return undefined;
        const record = store.items[match[1] as ZendeskKind].get(Number(match[2]));
        if (!record) return null;
        return { title: String(record.subject ?? record.name ?? record.id), fields: record };
      },
      rateLimited: (retryAfterMs) => ({
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
        body: {
          error: 'APIRateLimitExceeded',
          description: 'Number of allowed API requests per minute exceeded',
        },
      }),
      serverError: (status) =>
        fail(status, { error: 'ServiceUnavailable', description: `Request id ${randomUUID()}` }),
      expiredToken: () => fail(401, { error: "Couldn't authenticate you" }),
      rateHeaders: (remaining, limit) => ({
        'x-rate-limit': String(limit.requests),
        'x-rate-limit-remaining': String(Math.max(0, remaining)),
      }),
    },
    { port: options.port, rateLimit: options.rateLimit ?? { requests: 200, perMs: 60_000 } },
  );
  return { ...running, store };
}
