// A Xero Accounting API emulator (contacts, invoices) on 127.0.0.1, after Xero's public docs
// and the checked reference in ../shared/design/APIS.md section 2:
// https://developer.xero.com/documentation/api/accounting/contacts (GET /Contacts with page, pageSize,
//   where, order, includeArchived; If-Modified-Since; PUT = create, POST = create or update,
//   POST /Contacts/{ContactID} updates one; contacts are archived with ContactStatus ARCHIVED, never
//   deleted, and ARCHIVED ones are listed only with includeArchived=true)
// https://developer.xero.com/documentation/api/accounting/invoices (InvoiceNumbers=, Statuses=, a
//   contact given by Name is found or created; POST matches an existing invoice by InvoiceID or InvoiceNumber)
// https://developer.xero.com/documentation/api/accounting/requests-and-responses (summarizeErrors=false:
//   a 200 whose items carry StatusAttributeString and ValidationErrors; otherwise one bad item fails the
//   request with 400 {"ErrorNumber":10,"Type":"ValidationException","Elements":[…ValidationErrors…]};
//   .NET dates "/Date(1419937200000+0000)/"; pagination {page,pageSize,pageCount,itemCount})
// https://developer.xero.com/documentation/guides/oauth2/limits/ (per tenant: 60 a minute, 5,000 a day,
//   5 concurrent; X-MinLimit-Remaining, X-DayLimit-Remaining, X-AppMinLimit-Remaining; 429 with
//   Retry-After in seconds and X-Rate-Limit-Problem: minute | day | concurrent)
// https://developer.xero.com/documentation/guides/oauth2/auth-flow/ (Bearer access token and the
//   xero-tenant-id header on every call; an unknown or expired token answers 401)
// XeroAPI/Xero-OpenAPI xero_accounting.yaml (Idempotency-Key on PUT/POST, at most 128 characters).
// Not emulated: XML answers (Xero's default without Accept: application/json; here a 406 says so),
// the concurrent limit (this server answers one request at a time), and the app-wide 10,000 a minute.
import { randomUUID } from 'node:crypto';
import {
  emailPattern,
  startEmulatorServer,
  type EmulatorAnswer,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.ts';
import { dotNetDate, idField, msOf, XeroStore, type XeroKind, type XeroRecord } from './xero-store.ts';

export { XeroStore, dotNetDate, sampleFields, type XeroKind, type XeroRecord } from './xero-store.ts';

const defaultPageSize = 100;
const maxPageSize = 1000;
const oneDayMs = 86_400_000;

/** The fields a write may set; Xero ignores what it does not know, as here. */
const writable: Record<XeroKind, readonly string[]> = {
  Contacts: [
    'Name',
    'ContactNumber',
    'FirstName',
    'LastName',
    'EmailAddress',
    'ContactStatus',
    'IsCustomer',
    'IsSupplier',
    'Phones',
    'Addresses',
    'AccountNumber',
  ],
  Invoices: [
    'Type',
    'Contact',
    'InvoiceNumber',
    'Reference',
    'Date',
    'DueDate',
    'Status',
    'LineAmountTypes',
    'LineItems',
    'CurrencyCode',
  ],
};

export interface XeroEmulatorOptions {
  port?: number;
  /** Valid OAuth access tokens (Authorization: Bearer …). */
  tokens?: string[];
  /** Or an authorization server's say on a token (the OAuth emulator's, as Xero's identity server). */
  tokenState?: (token: string) => 'valid' | 'expired' | 'unknown';
  /** The organisation's tenant id, required in xero-tenant-id. */
  tenantId?: string;
  /** Per tenant: 60 a minute. */
  rateLimit?: { requests: number; perMs: number };
  /** Per tenant: 5,000 in a rolling day. */
  dayLimit?: number;
  /** The rolling "day" (tests shorten it to see a pause end by itself). */
  dayMs?: number;
}

export interface XeroEmulator extends RunningEmulator {
  store: XeroStore;
  tenantId: string;
  /** Requests counted against the daily budget, and refused for it. */
  day: { used: number; refused: number };
  /** A new day: the daily budget is whole again. */
  resetDay(): void;
  /** Another app on the same organisation spends `count` of today's requests. */
  spendDay(count: number): void;
}

export async function startXeroEmulator(options: XeroEmulatorOptions = {}): Promise<XeroEmulator> {
  const store = new XeroStore();
  const tokens = new Set(options.tokens ?? ['xero-demo-access-token']);
  const tenantId = options.tenantId ?? '7b5c2f4e-0000-4000-8000-00000000a1b2';
  const dayLimit = options.dayLimit ?? 5000;
  const dayMs = options.dayMs ?? oneDayMs;
  const dayStarts: number[] = [];
  const day = { used: 0, refused: 0 };
  /** Idempotency-Key → the answer given, replayed for the same key (Xero keeps them a while). */
  const replays = new Map<string, EmulatorAnswer>();

  const envelope = (extra: XeroRecord): XeroRecord => ({
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: 'Patchbay',
    DateTimeUTC: dotNetDate(Date.now()),
    ...extra,
  });
  const problem = (status: number, title: string, detail: string): EmulatorAnswer => ({
    status,
    body: {
      Type: null,
      Title: title,
      Status: status,
      Detail: detail,
      Instance: randomUUID(),
      Extensions: {},
    },
  });
  const notFound = (): EmulatorAnswer => ({
    status: 404,
    body: { Title: 'NotFound', Status: 404, Detail: "The resource you're looking for cannot be found" },
  });

  function dayLeft(now: number): number {
    while (dayStarts.length > 0 && dayStarts[0]! <= now - dayMs) dayStarts.shift();
    return dayLimit - dayStarts.length;
  }

  function handle(req: EmulatorRequest): EmulatorAnswer {
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (bearer === undefined || !(tokens.has(bearer) || options.tokenState?.(bearer) === 'valid'))
      return problem(401, 'Unauthorized', 'AuthenticationUnsuccessful');
    if (req.headers['xero-tenant-id'] !== tenantId)
      return problem(403, 'Forbidden', 'AuthorizationUnsuccessful');
    if (!String(req.headers.accept ?? '').includes('application/json'))
      return problem(
        406,
        'Not Acceptable',
        'This emulator answers JSON only: send Accept: application/json.',
      );
    const now = Date.now();
    if (dayLeft(now) <= 0) {
      day.refused++;
      return {
        status: 429,
        headers: {
          'retry-after': String(Math.ceil((dayStarts[0]! + dayMs - now) / 1000)),
          'x-rate-limit-problem': 'day',
          'x-daylimit-remaining': '0',
        },
        body: undefined,
      };
    }
    dayStarts.push(now);
    day.used++;
    const route = /^\/api\.xro\/2\.0\/(Contacts|Invoices)(?:\/([^/]+))?$/.exec(req.path);
    if (!route) return notFound();
    const kind = route[1] as XeroKind;
    const one = route[2] === undefined ? undefined : decodeURIComponent(route[2]);
    const key = req.headers['idempotency-key'];
    if (req.method !== 'GET' && typeof key === 'string') {
      if (key.length > 128)
        return validation([{ Message: 'Idempotency-Key must be at most 128 characters.' }]);
      const replay = replays.get(`${req.method} ${req.path} ${key}`);
      if (replay) return replay;
      const answer = routeWrite(kind, one, req);
      if (answer.status === 200) replays.set(`${req.method} ${req.path} ${key}`, answer);
      return answer;
    }
    if (req.method === 'GET') return one === undefined ? list(kind, req) : get(kind, one);
    return routeWrite(kind, one, req);
  }

  function routeWrite(kind: XeroKind, one: string | undefined, req: EmulatorRequest): EmulatorAnswer {
    if (req.method !== 'PUT' && req.method !== 'POST') return problem(405, 'Method Not Allowed', req.method);
    if (one !== undefined && req.method === 'PUT') return problem(405, 'Method Not Allowed', 'PUT');
    if (one !== undefined && !store.items[kind].has(one)) return notFound();
    return write(kind, req, one);
  }

  function get(kind: XeroKind, id: string): EmulatorAnswer {
    const found =
      store.items[kind].get(id) ?? (kind === 'Invoices' ? store.find(kind, 'InvoiceNumber', id) : undefined);
    return found ? { status: 200, body: envelope({ [kind]: [found] }) } : notFound();
  }

  function list(kind: XeroKind, req: EmulatorRequest): EmulatorAnswer {
    const q = req.query;
    const since = req.headers['if-modified-since'];
    const sinceMs = typeof since === 'string' ? Date.parse(since) : undefined;
    if (Number.isNaN(sinceMs))
      return validation([{ Message: 'The If-Modified-Since header is not a date.' }]);
    const where = parseWhere(q.get('where'));
    if (where === null) return validation([{ Message: 'The where clause could not be read.' }]);
    const lists = (name: string) =>
      q
        .get(name)
        ?.split(',')
        .map((s) => s.trim().toLowerCase());
    const ids = lists('IDs');
    const numbers = lists('InvoiceNumbers');
    const statuses = lists('Statuses');
    const includeArchived = q.get('includeArchived') === 'true';
    const all = [...store.items[kind].values()].filter((r) => {
      if (sinceMs !== undefined && msOf(r.UpdatedDateUTC) < sinceMs) return false;
      if (kind === 'Contacts' && !includeArchived && r.ContactStatus === 'ARCHIVED') return false;
      if (ids && !ids.includes(String(r[idField[kind]]).toLowerCase())) return false;
      if (numbers && !numbers.includes(String(r.InvoiceNumber).toLowerCase())) return false;
      if (statuses && !statuses.includes(String(r.Status).toLowerCase())) return false;
      return where.every(([field, value]) => String(r[field] ?? '').toLowerCase() === value.toLowerCase());
    });
    if (/^UpdatedDateUTC( ASC)?$/i.test(q.get('order') ?? ''))
      all.sort((a, b) => msOf(a.UpdatedDateUTC) - msOf(b.UpdatedDateUTC));
    const pageText = q.get('page');
    if (pageText === null) return { status: 200, body: envelope({ [kind]: all }) };
    const page = Number(pageText);
    const pageSize = Math.min(Number(q.get('pageSize') ?? defaultPageSize), maxPageSize);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1)
      return validation([{ Message: 'page and pageSize must be positive whole numbers.' }]);
    const items = all.slice((page - 1) * pageSize, page * pageSize);
    const pagination = { page, pageSize, pageCount: Math.ceil(all.length / pageSize), itemCount: all.length };
    return { status: 200, body: envelope({ pagination, [kind]: items }) };
  }

  function write(kind: XeroKind, req: EmulatorRequest, pathId: string | undefined): EmulatorAnswer {
    let body: unknown;
    try {
      body = JSON.parse(req.bodyText || '{}');
    } catch {
      return validation([{ Message: 'The request body is not valid JSON.' }]);
    }
    const given = (body as XeroRecord | null)?.[kind];
    const inputs = Array.isArray(given) ? given : body && typeof body === 'object' ? [body] : [];
    const summarize = req.query.get('summarizeErrors') !== 'false';
    const planned = inputs.map((input) => plan(kind, input as XeroRecord, req.method, pathId));
    const refused = planned.filter((p) => p.errors.length > 0);
    if (summarize && refused.length > 0) return validation(refused[0]!.errors, refused[0]!.fields);
    const results = planned.map((p) => {
      if (p.errors.length > 0)
        return { ...p.fields, StatusAttributeString: 'ERROR', ValidationErrors: p.errors };
      const saved = p.existing
        ? store.change(kind, String(p.existing[idField[kind]]), p.fields)
        : store.add(kind, p.fields);
      return summarize ? saved : { ...saved, StatusAttributeString: 'OK' };
    });
    return { status: 200, wrote: refused.length < planned.length, body: envelope({ [kind]: results }) };
  }

  function plan(kind: XeroKind, input: XeroRecord, method: string, pathId: string | undefined) {
    const fields = Object.fromEntries(
      Object.entries(input ?? {}).filter(([k]) => writable[kind].includes(k)),
    );
    // POST updates the record it names (the path, its id, or for an invoice its number); PUT only creates.
    const existing =
      method === 'PUT'
        ? undefined
        : (store.items[kind].get(pathId ?? String(input?.[idField[kind]] ?? '')) ??
          (kind === 'Invoices' && input?.InvoiceNumber !== undefined
            ? store.find(kind, 'InvoiceNumber', input.InvoiceNumber)
            : undefined));
    const errors = validate(kind, fields, existing);
    if (kind === 'Invoices' && errors.length === 0 && fields.Contact !== undefined)
      fields.Contact = contactFor(fields.Contact);
    return { fields, existing, errors };
  }

  /** An invoice's contact: by ContactID, else found or created by Name, as Xero does. */
  function contactFor(given: unknown): XeroRecord {
    const contact = given as XeroRecord;
    const found =
      store.items.Contacts.get(String(contact.ContactID ?? '')) ??
      store.find('Contacts', 'Name', contact.Name);
    const record = found ?? store.add('Contacts', { Name: contact.Name, IsCustomer: true });
    return { ContactID: record.ContactID, Name: record.Name };
  }

  function validate(
    kind: XeroKind,
    fields: XeroRecord,
    existing: XeroRecord | undefined,
  ): { Message: string }[] {
    const errors: string[] = [];
    if (kind === 'Contacts') {
      const name = fields.Name ?? existing?.Name;
      if (typeof name !== 'string' || name.trim() === '') errors.push('The contact name must be specified.');
      else {
        const holder = store.find('Contacts', 'Name', name);
        if (holder && holder !== existing && holder.ContactStatus !== 'ARCHIVED')
          errors.push(
            `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
          );
      }
      const email = fields.EmailAddress;
      if (email !== undefined && email !== null && email !== '' && !emailPattern.test(String(email)))
        errors.push('Email address must be valid.');
      if (
        fields.ContactStatus !== undefined &&
        !['ACTIVE', 'ARCHIVED'].includes(String(fields.ContactStatus))
      )
        errors.push('ContactStatus must be ACTIVE or ARCHIVED.');
    } else {
      const contact = (fields.Contact ?? existing?.Contact) as XeroRecord | undefined;
      if (!contact || (!contact.ContactID && !contact.Name))
        errors.push('A Contact must be specified for this type of transaction');
      const lines = fields.LineItems ?? existing?.LineItems;
      if (!Array.isArray(lines) || lines.length === 0)
        errors.push('At least one line item must be specified.');
      else if (lines.some((l) => Number.isNaN(Number((l as XeroRecord).UnitAmount ?? 0))))
        errors.push('The UnitAmount of a line item must be a number.');
      if (existing && ['PAID', 'VOIDED', 'DELETED'].includes(String(existing.Status)))
        errors.push('Invoice not of valid status for modification');
      const number = fields.InvoiceNumber;
      const holder = number === undefined ? undefined : store.find('Invoices', 'InvoiceNumber', number);
      if (holder && existing && holder !== existing)
        errors.push(`Invoice # must be unique. ${String(number)} is already used.`);
    }
    return errors.map((Message) => ({ Message }));
  }

  function validation(errors: { Message: string }[], element: XeroRecord = {}): EmulatorAnswer {
    return {
      status: 400,
      body: {
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
        Elements: [{ ...element, ValidationErrors: errors }],
      },
    };
  }

  const running = await startEmulatorServer(
    {
      handle,
      rateLimited: (retryAfterMs) => ({
        status: 429,
        headers: {
          'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
          'x-rate-limit-problem': 'minute',
        },
        body: undefined,
      }),
      serverError: (status) => ({
        status,
        body: { Title: 'An error occurred', Status: status, Detail: 'An error occurred in Xero.' },
      }),
      expiredToken: () => ({
        ...problem(401, 'Unauthorized', 'TokenExpired: token expired'),
        headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="TokenExpired"' },
      }),
      rateHeaders: (remaining) => ({
        'x-minlimit-remaining': String(Math.max(0, remaining)),
        'x-daylimit-remaining': String(Math.max(0, dayLeft(Date.now()))),
        'x-appminlimit-remaining': '9999',
      }),
    },
    { port: options.port, rateLimit: options.rateLimit ?? { requests: 60, perMs: 60_000 } },
  );
  return {
    ...running,
    store,
    tenantId,
    day,
    resetDay: () => void (dayStarts.length = 0),
    spendDay: (count) => dayStarts.push(...Array<number>(count).fill(Date.now())),
  };
}

/** Xero's `where` as this emulator reads it: `Field=="value"` joined by `&&`; null when unreadable. */
function parseWhere(text: string | null): [string, string][] | null {
  if (text === null || text.trim() === '') return [];
  const parts = text.split('&&').map((part) => /^\s*([A-Za-z]+)\s*==\s*"([^"]*)"\s*$/.exec(part));
  if (parts.some((p) => p === null)) return null;
  return parts.map((p) => [p![1]!, p![2]!]);
}
