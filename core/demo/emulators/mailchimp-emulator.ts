// A Mailchimp Marketing API emulator (audience members) on 127.0.0.1, after Mailchimp's public docs:
// https://mailchimp.com/developer/marketing/api/list-members/ (list with count ≤ 1000 / offset / since_last_changed,
//   sort_field=last_changed; GET, PUT (upsert), PATCH, DELETE (archive) by subscriber hash; POST, "Member Exists")
// https://mailchimp.com/developer/marketing/docs/methods-parameters/#subscriber-hash (MD5 of the lower-cased email)
// https://mailchimp.com/developer/marketing/docs/fundamentals/#api-limits (10 simultaneous connections, 429)
// https://mailchimp.com/developer/marketing/docs/errors/ (problem JSON: type, title, status, detail, instance)
// https://mailchimp.com/developer/marketing/guides/quick-start/ (Basic auth, any user name, the key as password;
//   the data centre is the key's suffix after "-")
// Mailchimp sends no rate-limit headers; its 429 names no wait.
import { createHash, randomUUID } from 'node:crypto';
import { KeptRecords } from './kept-records.ts';
import {
  emailPattern,
  secondsApart,
  startEmulatorServer,
  type EmulatorAnswer,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.ts';

export interface MailchimpMember {
  id: string;
  email_address: string;
  unique_email_id: string;
  status: 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional' | 'archived';
  merge_fields: Record<string, string>;
  tags: { id: number; name: string }[];
  timestamp_signup: string;
  last_changed: string;
  list_id: string;
}

const statuses = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'];
const maxCount = 1000;
const errorsType = 'https://mailchimp.com/developer/marketing/docs/errors/';
/** Mailchimp writes times to the second with an offset: 2026-01-02T03:04:05+00:00. */
const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

export const subscriberHash = (email: string) =>
  createHash('md5').update(email.trim().toLowerCase()).digest('hex');

/** One audience's members, reachable from tests (seed, change at the source, archive). */
export class MailchimpStore extends KeptRecords<'members', MailchimpMember> {
  readonly listId: string;

  constructor(listId: string) {
    super(['members'], {});
    this.listId = listId;
  }

  /** By subscriber hash (the member's id). */
  get members(): Map<string, MailchimpMember> {
    return this.items.members;
  }

  upsert(email: string, fields: Partial<MailchimpMember>, at = this.now()): MailchimpMember {
    this.changes++;
    const id = subscriberHash(email);
    const existing = this.members.get(id);
    if (existing) {
      Object.assign(existing, fields, {
        merge_fields: { ...existing.merge_fields, ...(fields.merge_fields ?? {}) },
        last_changed: stamp(at),
      });
      return existing;
    }
    const member: MailchimpMember = {
      id,
      email_address: email,
      unique_email_id: id.slice(0, 10),
      status: 'subscribed',
      merge_fields: {},
      tags: [],
      ...fields,
      timestamp_signup: stamp(at),
      last_changed: stamp(at),
      list_id: this.listId,
    };
    this.members.set(id, member);
    return member;
  }

  seed(count: number, endsAgoMs?: number): MailchimpMember[] {
    return secondsApart(count, endsAgoMs).map((at, i) =>
      this.upsert(
        `member${i + 1}@example.com`,
        { merge_fields: { FNAME: 'Member', LNAME: String(i + 1) } },
        at,
      ),
    );
  }
}

export interface MailchimpEmulatorOptions {
  port?: number;
  /** Valid API keys (`<32 hex>-<dc>`). */
  keys?: string[];
  /** The audience (list) id the emulator holds. */
  listId?: string;
  rateLimit?: { requests: number; perMs: number };
}

export interface MailchimpEmulator extends RunningEmulator {
  store: MailchimpStore;
}

export async function startMailchimpEmulator(
  options: MailchimpEmulatorOptions = {},
): Promise<MailchimpEmulator> {
  const store = new MailchimpStore(options.listId ?? 'a1b2c3d4e5');
  const keys = new Set(options.keys ?? ['0123456789abcdef0123456789abcdef-us19']);
  const problem = (status: number, title: string, detail: string, extra: object = {}): EmulatorAnswer => ({
    status,
    body: { type: errorsType, title, status, detail, instance: randomUUID(), ...extra },
  });
  const notFound = () => problem(404, 'Resource Not Found', 'The requested resource could not be found.');

  function handle(req: EmulatorRequest): EmulatorAnswer {
    const auth = req.headers.authorization ?? '';
    const key = auth.startsWith('Basic ')
      ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(/:(.*)/s)[1]
      : undefined;
    if (!key || !keys.has(key))
      return problem(
        401,
        'API Key Invalid',
        "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
      );
    const route = /^\/3\.0\/lists\/([^/]+)\/members(?:\/([0-9a-f]{32}))?$/.exec(req.path);
    if (!route || route[1] !== store.listId) return notFound();
    const hash = route[2];
    if (!hash && req.method === 'GET') return list(req.query);
    let body: Record<string, unknown> = {};
    if (req.method !== 'GET' && req.method !== 'DELETE') {
      try {
        body = JSON.parse(req.bodyText || '{}') as Record<string, unknown>;
      } catch {
        return problem(400, 'JSON Schema Error', 'We encountered an unspecified JSON parsing error.');
      }
    }
    if (!hash && req.method === 'POST') return create(body);
    if (!hash)
      return problem(405, 'Method Not Allowed', `The requested method and resource are not compatible.`);
    const member = store.members.get(hash);
    if (req.method === 'PUT') return put(hash, member, body);
    if (!member) return notFound();
    if (req.method === 'GET') return { status: 200, body: member };
    if (req.method === 'PATCH') return patch(member, body);
    if (req.method === 'DELETE') {
      // Archiving keeps the member, status "archived"; it is still listed.
      store.upsert(member.email_address, { status: 'archived' });
      return { status: 204, body: undefined, wrote: true };
    }
    return problem(405, 'Method Not Allowed', 'The requested method and resource are not compatible.');
  }

  function list(query: URLSearchParams): EmulatorAnswer {
    const count = Number(query.get('count') ?? 10);
    const offset = Number(query.get('offset') ?? 0);
    if (!Number.isInteger(count) || count < 1 || count > maxCount)
      return problem(400, 'Invalid Resource', `count must be between 1 and ${maxCount}.`);
    const since = query.get('since_last_changed');
    const sinceMs = since === null ? undefined : Date.parse(since);
    if (Number.isNaN(sinceMs))
      return problem(400, 'Invalid Resource', 'since_last_changed is not a valid date.');
    const status = query.get('status');
    let all = [...store.members.values()].filter(
      (m) =>
        // "Changed after the set timeframe": strictly after.
        (sinceMs === undefined || Date.parse(m.last_changed) > sinceMs) &&
        (status === null || m.status === status),
    );
    if (query.get('sort_field') === 'last_changed') {
      all = all.sort((a, b) => a.last_changed.localeCompare(b.last_changed));
      if (query.get('sort_dir') === 'DESC') all.reverse();
    }
    return {
      status: 200,
      body: { members: all.slice(offset, offset + count), list_id: store.listId, total_items: all.length },
    };
  }

  function validate(
    body: Record<string, unknown>,
    forNew: boolean,
    statusField: string,
  ): EmulatorAnswer | undefined {
    const email = body.email_address;
    if (forNew && (typeof email !== 'string' || !emailPattern.test(email)))
      return problem(400, 'Invalid Resource', 'Please provide a valid email address.');
    for (const field of [statusField, 'status']) {
      const value = body[field];
      if (value !== undefined && !statuses.includes(String(value)))
        return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.', {
          errors: [{ field, message: `Data did not match any of the schemas described in anyOf.` }],
        });
    }
    if (forNew && body[statusField] === undefined)
      return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.', {
        errors: [{ field: statusField, message: 'Schema describes enum, NULL found instead' }],
      });
    return undefined;
  }

  function fieldsOf(body: Record<string, unknown>): Partial<MailchimpMember> {
    const fields: Partial<MailchimpMember> = {};
    if (typeof body.status === 'string') fields.status = body.status as MailchimpMember['status'];
    if (body.merge_fields && typeof body.merge_fields === 'object')
      fields.merge_fields = body.merge_fields as Record<string, string>;
    return fields;
  }

  function create(body: Record<string, unknown>): EmulatorAnswer {
    const refused = validate(body, true, 'status');
    if (refused) return refused;
    const email = String(body.email_address);
    if (store.members.has(subscriberHash(email)))
      return problem(
        400,
        'Member Exists',
        `${email} is already a list member. Use PUT to insert or update list members.`,
      );
    return { status: 200, wrote: true, body: store.upsert(email, fieldsOf(body)) };
  }

  function put(
    hash: string,
    member: MailchimpMember | undefined,
    body: Record<string, unknown>,
  ): EmulatorAnswer {
    const refused = validate(body, !member, 'status_if_new');
    if (refused) return refused;
    const email = String(body.email_address ?? member?.email_address);
    if (subscriberHash(email) !== hash)
      return problem(
        400,
        'Invalid Resource',
        'The email address does not match the subscriber hash in the address.',
      );
    const fields = fieldsOf(body);
    if (!member && body.status === undefined) fields.status = body.status_if_new as MailchimpMember['status'];
    return { status: 200, wrote: true, body: store.upsert(email, fields) };
  }

  function patch(member: MailchimpMember, body: Record<string, unknown>): EmulatorAnswer {
    const refused = validate(body, false, 'status');
    if (refused) return refused;
    return { status: 200, wrote: true, body: store.upsert(member.email_address, fieldsOf(body)) };
  }

  const running = await startEmulatorServer(
    {
      handle,
      rateLimited: () =>
        problem(429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.'),
      serverError: (status) =>
        problem(
          status,
          'Internal Server Error',
          'An unexpected internal error has occurred. Please contact Support.',
        ),
      expiredToken: () =>
        problem(
          401,
          'API Key Invalid',
          "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
        ),
    },
    { port: options.port, ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) },
  );
  return { ...running, store };
}
