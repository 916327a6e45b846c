// An Airtable Web API emulator (records of one table) on 127.0.0.1, after Airtable's public docs:
// https://airtable.com/developers/web/api/list-records (GET ?pageSize ≤ 100, offset token in the body,
//   filterByFormula, sort[0][field]/[direction], maxRecords; records {id, createdTime, fields}, empty fields left out)
// https://airtable.com/developers/web/api/get-record, …/create-records, …/update-record, …/update-multiple-records
//   (≤ 10 records a request; PATCH with performUpsert.fieldsToMergeOn upserts records sent without id;
//   the answer lists createdRecords and updatedRecords), …/delete-record
// https://airtable.com/developers/web/api/rate-limits (5 requests a second per base; over it, 429 and
//   30 seconds before requests succeed again: the cool-down here, its length injectable)
// https://airtable.com/developers/web/api/errors (401 AUTHENTICATION_REQUIRED, 403
//   INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND, 404, 422 INVALID_VALUE_FOR_COLUMN / UNKNOWN_FIELD_NAME)
// https://support.airtable.com/docs/formula-field-reference (the formula subset: airtable-formula.ts)
// https://community.airtable.com/development-apis-11/new-beta-rest-api-upserts-5313 (upsert request and answer)
// The table has a "Last modified time" field, "Last modified", which the preset's incremental read filters on.
import { randomBytes } from 'node:crypto';
import { FormulaError, parseFormula, passes } from './airtable-formula.ts';
import {
  emailPattern,
  monotonicClock,
  opaqueToken,
  readOpaqueToken,
  secondsApart,
  startEmulatorServer,
  type EmulatorAnswer,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.ts';

export interface AirtableRecord {
  id: string;
  createdTime: string;
  fields: Record<string, unknown>;
}

type FieldType = 'text' | 'email' | 'number' | 'lastModified';
/** The emulated table's fields, as its schema would list them. */
export const airtableFields: Readonly<Record<string, FieldType>> = {
  Name: 'text',
  Email: 'email',
  Phone: 'text',
  Company: 'text',
  Amount: 'number',
  'Last modified': 'lastModified',
};
export const lastModified = 'Last modified';
const maxPageSize = 100;
const maxWrite = 10;

const recordId = () => `rec${randomBytes(10).toString('base64url').replace(/[-_]/g, 'x').slice(0, 14)}`;
const error = (status: number, type: string, message: string): EmulatorAnswer => ({
  status,
  body: { error: { type, message } },
});

/** One table's records, reachable from tests (seed, change at the source, delete). */
export class AirtableStore {
  readonly records = new Map<string, AirtableRecord>();
  readonly now = monotonicClock();

  /** Writes fields as Airtable stores them: empty values dropped, "Last modified" set. */
  write(id: string | undefined, fields: Record<string, unknown>, at = this.now()): AirtableRecord {
    const existing = id === undefined ? undefined : this.records.get(id);
    const record = existing ?? { id: id ?? recordId(), createdTime: new Date(at).toISOString(), fields: {} };
    for (const [name, value] of Object.entries(fields)) {
      if (value === null || value === '' || value === undefined) delete record.fields[name];
      else record.fields[name] = value;
    }
    record.fields[lastModified] = new Date(at).toISOString();
    this.records.set(record.id, record);
    return record;
  }

  seed(count: number): AirtableRecord[] {
    return secondsApart(count).map((at, i) =>
      this.write(undefined, { Name: `Person ${i + 1}`, Email: `person${i + 1}@example.com` }, at),
    );
  }

  findBy(field: string, value: unknown): AirtableRecord[] {
    return [...this.records.values()].filter((r) => r.fields[field] === value);
  }
}

export interface AirtableEmulatorOptions {
  port?: number;
  /** Personal access tokens that may read and write. */
  tokens?: string[];
  baseId?: string;
  /** The table's name; its id `tbl…` is accepted too. */
  table?: string;
  /** Requests a second per base (5 at Airtable). */
  perSecond?: number;
  /** How long a base refuses everything after its limit was passed (30 s at Airtable). */
  coolDownMs?: number;
  /** The emulator's clock for the rate limit (tests move it instead of waiting). */
  now?: () => number;
}

export interface AirtableEmulator extends RunningEmulator {
  store: AirtableStore;
  baseId: string;
  tableId: string;
}

export async function startAirtableEmulator(
  options: AirtableEmulatorOptions = {},
): Promise<AirtableEmulator> {
  const store = new AirtableStore();
  const tokens = new Set(options.tokens ?? ['patAirtableDemoToken.0001']);
  const baseId = options.baseId ?? 'appPatchbayDemo01';
  const table = options.table ?? 'Contacts';
  const tableId = 'tblPatchbayContac';
  const clock = options.now ?? Date.now;
  const perSecond = options.perSecond ?? 5;
  const coolDownMs = options.coolDownMs ?? 30_000;
  const window: number[] = [];
  let blockedUntil = 0;

  const rateLimited = () =>
    error(
      429,
      'TOO_MANY_REQUESTS',
      'You have made too many requests in a short period of time. Please retry your request later.',
    );

  /** 5 a second per base; once passed, every request is refused until the cool-down is over. */
  function overLimit(): boolean {
    const now = clock();
    if (now < blockedUntil) return true;
    while (window.length > 0 && window[0]! <= now - 1000) window.shift();
    if (window.length >= perSecond) {
      blockedUntil = now + coolDownMs;
      return true;
    }
    window.push(now);
    return false;
  }

  function handle(req: EmulatorRequest): EmulatorAnswer {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7)))
      return error(401, 'AUTHENTICATION_REQUIRED', 'Authentication required');
    const route = /^\/v0\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(req.path);
    const [routeBase, routeTable, id] = route ? route.slice(1).map((p) => p && decodeURIComponent(p)) : [];
    if (!route || routeBase !== baseId || (routeTable !== table && routeTable !== tableId))
      return error(
        403,
        'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND',
        'Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct.',
      );
    if (overLimit()) {
      running.stats.answered429++;
      return rateLimited();
    }
    let body: Record<string, unknown> = {};
    if (req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT') {
      try {
        body = JSON.parse(req.bodyText || '{}') as Record<string, unknown>;
      } catch {
        return error(422, 'INVALID_REQUEST_BODY', 'Could not parse request body');
      }
    }
    if (id === undefined) {
      if (req.method === 'GET') return list(req.query);
      if (req.method === 'POST') return create(body);
      if (req.method === 'PATCH' || req.method === 'PUT') return updateMany(body);
      return error(404, 'NOT_FOUND', 'Could not find what you are looking for');
    }
    const record = store.records.get(id);
    if (!record) return { status: 404, body: { error: 'NOT_FOUND' } };
    if (req.method === 'GET') return { status: 200, body: record };
    if (req.method === 'DELETE') {
      store.records.delete(id);
      return { status: 200, wrote: true, body: { id, deleted: true } };
    }
    if (req.method === 'PATCH' || req.method === 'PUT') {
      const refused = invalidFields(body.fields);
      if (refused) return refused;
      return { status: 200, wrote: true, body: store.write(id, body.fields as Record<string, unknown>) };
    }
    return error(404, 'NOT_FOUND', 'Could not find what you are looking for');
  }

  function list(query: URLSearchParams): EmulatorAnswer {
    const pageSize = Number(query.get('pageSize') ?? maxPageSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize)
      return error(
        422,
        'INVALID_REQUEST_UNKNOWN',
        'Invalid request: parameter validation failed. Check your request data.',
      );
    let records = [...store.records.values()];
    const formula = query.get('filterByFormula');
    if (formula) {
      try {
        const node = parseFormula(formula, Object.keys(airtableFields));
        records = records.filter((r) => passes(node, r.fields));
      } catch (e) {
        if (!(e instanceof FormulaError)) throw e;
        return error(
          422,
          'INVALID_FILTER_BY_FORMULA',
          `The formula for filtering records is invalid: ${e.message}`,
        );
      }
    }
    const sortField = query.get('sort[0][field]');
    if (sortField) {
      const direction = query.get('sort[0][direction]') === 'desc' ? -1 : 1;
      records.sort(
        (a, b) =>
          direction * String(a.fields[sortField] ?? '').localeCompare(String(b.fields[sortField] ?? '')),
      );
    }
    const maxRecords = Number(query.get('maxRecords') ?? records.length);
    records = records.slice(0, maxRecords);
    const offsetToken = query.get('offset');
    const start =
      offsetToken === null ? 0 : (readOpaqueToken(offsetToken) as { at?: number } | undefined)?.at;
    if (typeof start !== 'number')
      return error(
        422,
        'LIST_RECORDS_ITERATOR_NOT_AVAILABLE',
        'The offset is not valid: start the list again.',
      );
    const page = records.slice(start, start + pageSize);
    const more = start + pageSize < records.length;
    return {
      status: 200,
      body: { records: page, ...(more ? { offset: opaqueToken({ at: start + pageSize }) } : {}) },
    };
  }

  /** Airtable's 422 for a value its field cannot take, or a field the table does not have. */
  function invalidFields(fields: unknown): EmulatorAnswer | undefined {
    if (!fields || typeof fields !== 'object')
      return error(422, 'INVALID_RECORDS', 'Each record must have a "fields" object.');
    for (const [name, value] of Object.entries(fields)) {
      const type = airtableFields[name];
      if (type === undefined) return error(422, 'UNKNOWN_FIELD_NAME', `Unknown field name: "${name}"`);
      if (type === 'lastModified')
        return error(
          422,
          'INVALID_VALUE_FOR_COLUMN',
          `Field "${name}" cannot accept a value because the field is computed`,
        );
      if (value === null || value === '') continue;
      const fits =
        type === 'number'
          ? typeof value === 'number'
          : typeof value === 'string' && (type !== 'email' || emailPattern.test(value));
      if (!fits)
        return error(422, 'INVALID_VALUE_FOR_COLUMN', `Field "${name}" cannot accept the provided value`);
    }
    return undefined;
  }

  /** The records of a write request: at most 10, each valid, or the whole request is refused. */
  function recordsOf(
    body: Record<string, unknown>,
  ): { id?: string; fields: Record<string, unknown> }[] | EmulatorAnswer {
    const records = Array.isArray(body.records)
      ? (body.records as { id?: string; fields: Record<string, unknown> }[])
      : undefined;
    if (!records || records.length === 0)
      return error(
        422,
        'INVALID_REQUEST_MISSING_FIELDS',
        'Could not find field "records" in the request body',
      );
    if (records.length > maxWrite)
      return error(422, 'INVALID_RECORDS', `You can send at most ${maxWrite} records in one request.`);
    for (const record of records) {
      const refused = invalidFields(record.fields);
      if (refused) return refused;
    }
    return records;
  }

  function create(body: Record<string, unknown>): EmulatorAnswer {
    // One record may be sent as {fields}, several as {records: [{fields}]}.
    if (body.fields !== undefined && body.records === undefined) {
      const refused = invalidFields(body.fields);
      return (
        refused ?? {
          status: 200,
          wrote: true,
          body: store.write(undefined, body.fields as Record<string, unknown>),
        }
      );
    }
    const records = recordsOf(body);
    if (!Array.isArray(records)) return records;
    return {
      status: 200,
      wrote: true,
      body: { records: records.map((r) => store.write(undefined, r.fields)) },
    };
  }

  function updateMany(body: Record<string, unknown>): EmulatorAnswer {
    const records = recordsOf(body);
    if (!Array.isArray(records)) return records;
    const mergeOn = (body.performUpsert as { fieldsToMergeOn?: unknown } | undefined)?.fieldsToMergeOn;
    if (body.performUpsert !== undefined && (!Array.isArray(mergeOn) || mergeOn.length === 0))
      return error(
        422,
        'INVALID_REQUEST_UNKNOWN',
        'performUpsert.fieldsToMergeOn must list at least one field.',
      );
    const created: string[] = [];
    const updated: string[] = [];
    // Checked first, so a refused request changes nothing.
    const targets: (AirtableRecord | undefined)[] = [];
    for (const record of records) {
      if (record.id !== undefined) {
        if (!store.records.has(record.id)) return { status: 404, body: { error: 'NOT_FOUND' } };
        targets.push(store.records.get(record.id));
        continue;
      }
      if (!Array.isArray(mergeOn))
        return error(422, 'INVALID_RECORDS', 'Each record must have an "id" unless performUpsert is set.');
      const matches = [...store.records.values()].filter((r) =>
        mergeOn.every(
          (field: string) => record.fields[field] !== undefined && r.fields[field] === record.fields[field],
        ),
      );
      if (matches.length > 1)
        return error(
          422,
          'INVALID_VALUE_FOR_COLUMN',
          `More than one record matches the fields to merge on (${mergeOn.join(', ')}).`,
        );
      targets.push(matches[0]);
    }
    const written = records.map((record, i) => {
      const target = targets[i];
      const result = store.write(target?.id, record.fields);
      (target ? updated : created).push(result.id);
      return result;
    });
    return {
      status: 200,
      wrote: true,
      body: { records: written, ...(mergeOn ? { createdRecords: created, updatedRecords: updated } : {}) },
    };
  }

  const running = await startEmulatorServer(
    {
      handle,
      rateLimited,
      serverError: (status) =>
        error(status, 'SERVER_ERROR', 'Try again. If the problem persists, contact support.'),
      expiredToken: () => error(401, 'AUTHENTICATION_REQUIRED', 'Authentication required'),
    },
    { port: options.port },
  );
  return { ...running, store, baseId, tableId };
}
