// A QuickBooks Online Accounting API emulator (customers, invoices) on 127.0.0.1, after Intuit's docs:
// https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/data-queries
//   (GET /v3/company/{realmId}/query?query=SELECT …; STARTPOSITION is 1-based, MAXRESULTS at most 1000;
//   records under QueryResponse.<Entity>, an empty result `QueryResponse: {}`; only active name-list
//   records unless the query asks for `Active IN (true,false)`)
// https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/customer and …/invoice
//   (create: POST /customer; update: POST /customer with Id + SyncToken, `sparse: true` for a partial one;
//   read: GET /customer/{Id}; customers are never deleted, only made inactive (`Active: false`);
//   invoices: POST /invoice?operation=delete with Id + SyncToken)
// https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/minor-versions
//   (`minorversion`; 1–74 were retired on 2025-08-01 and are served as 75)
// https://developer.intuit.com/app/developer/qbo/docs/develop/troubleshooting/error-codes and …/handling-common-errors
//   (`{"Fault":{"Error":[{"Message","Detail","code","element"}],"type"},"time"}`; 610 Object Not Found)
// https://developer.intuit.com/hub/blog/2017/06/08/top-quickbooks-online-api-errors-and-how-to-handle-them
//   (400 6240 Duplicate Name Exists Error; 5010 Stale Object Error for an old SyncToken)
// https://developer.intuit.com/app/developer/qbo/docs/learn/rest-api-features#limits-and-throttles
//   (500 requests a minute per realm, 429 and "wait 60 seconds"; no rate-limit headers)
// https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/change-data-capture
//   (GET /cdc: changed and deleted records since a time; quickbooks-cdc.ts)
// `requestid` (a retried write with the same id is answered as the first was) is from third-party
// notes only (docs/apis.md marks it). The 401 body (lowercase `fault`) is as Intuit's SDKs log it.
import {
  startEmulatorServer,
  type EmulatorAnswer,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.ts';
import { changeDataCapture } from './quickbooks-cdc.ts';
import { meets, parseQuery, type ParsedQuery } from './quickbooks-query.ts';
import {
  displayNameOf,
  entityOf,
  kindOf,
  nameFields,
  QuickBooksStore,
  stamp,
  type QuickBooksKind,
  type QuickBooksRecord,
} from './quickbooks-store.ts';

export { line, QuickBooksStore, type QuickBooksKind } from './quickbooks-store.ts';

const maxResults = 1000;

export interface QuickBooksEmulatorOptions {
  port?: number;
  /** Access tokens the API accepts (as the OAuth server issued them). */
  tokens?: string[];
  /** The company (realm) the tokens open. */
  realmId?: string;
  rateLimit?: { requests: number; perMs: number };
  /**
   * QuickBooks sends no Retry-After (its docs say: wait 60 s). A test may have the
   * emulator name a wait, so a run need not sleep a minute per 429.
   */
  retryAfterSeconds?: number;
}

export interface QuickBooksEmulator extends RunningEmulator {
  store: QuickBooksStore;
  realmId: string;
  /** Every `minorversion` the API was asked with. */
  minorVersions: string[];
  /** Queries as received, for tests that look at the cursor and the offset inside them. */
  queries: string[];
}

export async function startQuickBooksEmulator(
  options: QuickBooksEmulatorOptions = {},
): Promise<QuickBooksEmulator> {
  const store = new QuickBooksStore();
  const realmId = options.realmId ?? '9130357766900456';
  const tokens = new Set(options.tokens ?? ['qbo-access-token']);
  const minorVersions: string[] = [];
  const queries: string[] = [];
  /** `requestid` → the answer of the write it named (per realm, as Intuit keeps them). */
  const replays = new Map<string, EmulatorAnswer>();
  const time = () => stamp(Date.now());

  const fault = (
    status: number,
    code: string,
    message: string,
    detail: string,
    type = 'ValidationFault',
    element = '',
  ): EmulatorAnswer => ({
    status,
    headers: { intuit_tid: `tid-${Date.now()}` },
    body: { Fault: { Error: [{ Message: message, Detail: detail, code, element }], type }, time: time() },
  });
  const notFound = (id: string) =>
    fault(
      400,
      '610',
      'Object Not Found',
      `Object Not Found : Something you're trying to use has been made inactive or deleted (Id ${id}).`,
    );
  const missing = (name: string) =>
    fault(
      400,
      '2020',
      'Required param missing, need to supply the required value for the API',
      `Required parameter ${name} is missing in the request`,
      'ValidationFault',
      name,
    );
  const platformFault = (
    status: number,
    message: string,
    code: string,
    detail: string,
    type: string,
  ): EmulatorAnswer => ({
    status,
    body: {
      warnings: null,
      intuitObject: null,
      fault: { error: [{ message, detail, code, element: null }], type },
      time: time(),
    },
  });

  function handle(req: EmulatorRequest): EmulatorAnswer {
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token || !tokens.has(token))
      return platformFault(
        401,
        'message=AuthenticationFailed; errorCode=003200; statusCode=401',
        '3200',
        'Token expired or invalid.',
        'AUTHENTICATION',
      );
    const route = /^\/v3\/company\/([^/]+)\/(query|cdc|customer|invoice)(?:\/(\d+))?$/.exec(req.path);
    if (!route)
      return fault(
        404,
        '404',
        'Unsupported Operation',
        `Operation ${req.method} ${req.path} is not supported.`,
      );
    if (route[1] !== realmId)
      return platformFault(
        403,
        'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
        '3100',
        'The token does not open this company.',
        'AUTHORIZATION',
      );
    const minor = req.query.get('minorversion');
    if (minor !== null) minorVersions.push(minor);
    const [, , resource, id] = route;
    if (resource === 'query' && req.method === 'GET') return query(req.query.get('query') ?? '');
    if (resource === 'cdc' && req.method === 'GET' && id === undefined) {
      const answer = changeDataCapture(store, req.query, Date.now());
      if ('refused' in answer) {
        const { code, message, detail, element } = answer.refused;
        return fault(400, code, message, detail, 'ValidationFault', element);
      }
      return { status: 200, body: { ...answer, time: time() } };
    }
    const kind: QuickBooksKind = resource === 'customer' ? 'customers' : 'invoices';
    if (req.method === 'GET' && id !== undefined) {
      const record = store.items[kind].get(Number(id));
      return record ? { status: 200, body: { [entityOf[kind]]: record, time: time() } } : notFound(id);
    }
    if (req.method !== 'POST' || id !== undefined)
      return fault(
        405,
        '405',
        'Unsupported Operation',
        `Operation ${req.method} ${req.path} is not supported.`,
      );
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.bodyText || '{}') as Record<string, unknown>;
    } catch {
      return fault(
        400,
        '2500',
        'Invalid Request',
        'Request has invalid or unsupported property (not valid JSON).',
      );
    }
    const requestId = req.query.get('requestid');
    const replayed = requestId === null ? undefined : replays.get(requestId);
    if (replayed) return replayed;
    const answer = req.query.get('operation') === 'delete' ? deleteInvoice(kind, body) : write(kind, body);
    if (requestId !== null && answer.status === 200) replays.set(requestId, answer);
    return answer;
  }

  function query(text: string): EmulatorAnswer {
    queries.push(text);
    const parsed = parseQuery(text);
    if ('error' in parsed)
      return fault(400, '4000', 'Error parsing query', `QueryParserError: ${parsed.error}`);
    const kind = kindOf(parsed.entity);
    if (!kind)
      return fault(
        400,
        '4001',
        'Invalid query',
        `QueryValidationError: Entity ${parsed.entity} is not supported.`,
      );
    if (parsed.maxResults > maxResults || parsed.startPosition < 1)
      return fault(
        400,
        '4001',
        'Invalid query',
        `QueryValidationError: MAXRESULTS may be at most ${maxResults}, STARTPOSITION at least 1.`,
      );
    const selected = select(kind, parsed);
    if ('error' in selected)
      return fault(400, '4001', 'Invalid query', `QueryValidationError: ${selected.error}`);
    if (parsed.count)
      return { status: 200, body: { QueryResponse: { totalCount: selected.length }, time: time() } };
    const page = selected.slice(parsed.startPosition - 1, parsed.startPosition - 1 + parsed.maxResults);
    const QueryResponse =
      page.length === 0
        ? {}
        : { [entityOf[kind]]: page, startPosition: parsed.startPosition, maxResults: page.length };
    return { status: 200, body: { QueryResponse, time: time() } };
  }

  /** The query's records in its order; ties in the order broken by Id, so offsets are stable. */
  function select(kind: QuickBooksKind, parsed: ParsedQuery): QuickBooksRecord[] | { error: string } {
    const readers: Record<string, (r: QuickBooksRecord) => unknown> = {
      'metadata.lastupdatedtime': (r) => (r.MetaData as { LastUpdatedTime: string }).LastUpdatedTime,
      'metadata.createtime': (r) => (r.MetaData as { CreateTime: string }).CreateTime,
      id: (r) => Number(r.Id),
      active: (r) => r.Active,
      displayname: (r) => r.DisplayName,
      primaryemailaddr: (r) => (r.PrimaryEmailAddr as { Address?: string } | undefined)?.Address,
      docnumber: (r) => r.DocNumber,
    };
    const conditions = parsed.where.map((c) => ({ c, read: readers[c.property.toLowerCase()] }));
    const unknown = conditions.find((x) => !x.read);
    if (unknown) return { error: `property '${unknown.c.property}' is not queryable for ${entityOf[kind]}` };
    // Name lists answer active records only, unless the query names Active itself.
    const activeOnly =
      kind === 'customers' && !parsed.where.some((c) => c.property.toLowerCase() === 'active');
    const rows = [...store.items[kind].values()].filter(
      (r) =>
        (!activeOnly || r.Active === true) &&
        conditions.every(({ c, read }) =>
          meets(read!(r), c, c.property.toLowerCase().startsWith('metadata.')),
        ),
    );
    const order = parsed.orderBy;
    const readOrder = order ? readers[order.property.toLowerCase()] : undefined;
    if (order && !readOrder) return { error: `property '${order.property}' cannot be used in ORDERBY` };
    return rows.sort((a, b) => {
      const byOrder = readOrder ? compare(readOrder(a), readOrder(b)) : 0;
      return (order?.descending ? -byOrder : byOrder) || Number(a.Id) - Number(b.Id);
    });
  }

  function write(kind: QuickBooksKind, body: Record<string, unknown>): EmulatorAnswer {
    const entity = entityOf[kind];
    const { Id, SyncToken, sparse, ...fields } = body;
    delete fields.MetaData;
    delete fields.domain;
    const existing = Id === undefined ? undefined : store.items[kind].get(Number(Id));
    if (Id !== undefined && !existing) return notFound(String(Id));
    if (existing) {
      if (SyncToken === undefined) return missing('SyncToken');
      if (String(SyncToken) !== existing.SyncToken)
        return fault(
          400,
          '5010',
          'Stale Object Error',
          'Stale Object Error : You and someone else were working on this at the same time. They finished before you did, so your work was not saved.',
        );
    }
    const refused = kind === 'customers' ? checkCustomer(fields, existing) : checkInvoice(fields, existing);
    if (refused) return refused;
    // A full update clears the writable fields it leaves out; a sparse one changes only those it names.
    if (existing && sparse !== true)
      for (const key of Object.keys(existing))
        if (
          ![
            'Id',
            'SyncToken',
            'MetaData',
            'domain',
            'sparse',
            'Active',
            'Balance',
            'DocNumber',
            'TxnDate',
            'TotalAmt',
          ].includes(key) &&
          !(key in fields)
        )
          delete existing[key];
    const record = store.put(kind, fields, existing ? Number(existing.Id) : undefined);
    return { status: 200, wrote: true, body: { [entity]: record, time: time() } };
  }

  function checkCustomer(fields: Record<string, unknown>, existing: QuickBooksRecord | undefined) {
    if (!existing && !nameFields.some((n) => typeof fields[n] === 'string' && fields[n] !== ''))
      return missing('DisplayName');
    const name = fields.DisplayName ?? (existing ? undefined : displayNameOf(fields));
    if (typeof name === 'string') {
      const holder = store.customerNamed(name);
      if (holder && holder.Id !== existing?.Id)
        return fault(
          400,
          '6240',
          'Duplicate Name Exists Error',
          `The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name. (Id=${holder.Id})`,
          'ValidationFault',
          'DisplayName',
        );
    }
    const email = (fields.PrimaryEmailAddr as { Address?: unknown } | undefined)?.Address;
    if (email !== undefined && (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
      return fault(
        400,
        '2050',
        'Invalid Email Address format',
        `Email Address does not conform to the syntax rules of RFC 822: ${String(email)}`,
        'ValidationFault',
        'PrimaryEmailAddr',
      );
    return undefined;
  }

  function checkInvoice(fields: Record<string, unknown>, existing: QuickBooksRecord | undefined) {
    const customer = (fields.CustomerRef as { value?: unknown } | undefined)?.value;
    if (!existing && customer === undefined) return missing('CustomerRef');
    if (customer !== undefined && store.items.customers.get(Number(customer))?.Active !== true)
      return notFound(String(customer));
    if (!existing && (!Array.isArray(fields.Line) || fields.Line.length === 0)) return missing('Line');
    if (
      fields.Line !== undefined &&
      (!Array.isArray(fields.Line) ||
        fields.Line.some((l) => typeof (l as { Amount?: unknown }).Amount !== 'number'))
    )
      return fault(
        400,
        '2010',
        'Request has invalid or unsupported property',
        'Property Name:Line.Amount must be a number',
        'ValidationFault',
        'Line',
      );
    return undefined;
  }

  function deleteInvoice(kind: QuickBooksKind, body: Record<string, unknown>): EmulatorAnswer {
    if (kind !== 'invoices')
      return fault(
        400,
        '2010',
        'Request has invalid or unsupported property',
        'Operation delete is not supported for Customer: make it inactive (Active: false).',
      );
    const existing = store.items.invoices.get(Number(body.Id));
    if (!existing) return notFound(String(body.Id));
    if (String(body.SyncToken) !== existing.SyncToken)
      return fault(
        400,
        '5010',
        'Stale Object Error',
        'Stale Object Error : You and someone else were working on this at the same time.',
      );
    return {
      status: 200,
      wrote: true,
      body: { Invoice: store.remove('invoices', Number(existing.Id)), time: time() },
    };
  }

  const running = await startEmulatorServer(
    {
      handle,
      rateLimited: () => {
        const answer = platformFault(
          429,
          'message=ThrottleExceeded; errorCode=003001; statusCode=429',
          '3001',
          'The request limit was reached.',
          'SERVICE',
        );
        if (options.retryAfterSeconds !== undefined)
          answer.headers = { 'retry-after': String(options.retryAfterSeconds) };
        return answer;
      },
      serverError: (status) =>
        fault(
          status,
          '10000',
          'An application error has occurred while processing your request',
          'System Failure Error: An unexpected error occurred while accessing or saving your data.',
          'SystemFault',
        ),
      expiredToken: () =>
        platformFault(
          401,
          'message=AuthenticationFailed; errorCode=003200; statusCode=401',
          '3200',
          'Token expired.',
          'AUTHENTICATION',
        ),
    },
    {
      ...(options.port === undefined ? {} : { port: options.port }),
      rateLimit: options.rateLimit ?? { requests: 500, perMs: 60_000 },
    },
  );
  return { ...running, store, realmId, minorVersions, queries };
}

function compare(a: unknown, b: unknown): number {
  const x = typeof a === 'string' && !Number.isNaN(Date.parse(a)) && /T/.test(a) ? Date.parse(a) : a;
  const y = typeof b === 'string' && !Number.isNaN(Date.parse(b)) && /T/.test(b) ? Date.parse(b) : b;
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}
