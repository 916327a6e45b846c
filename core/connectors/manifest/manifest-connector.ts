import { ownValue } from '../../contract/safe-path.ts';
import type { Connector, Page, PageState, SourceRecord, Upserted, WriteOptions } from '../connector.ts';
import { classifyHttpResponse, classifyMalformedBody } from '../../reliability/classify-http-error.ts';
import { SyncError } from '../../reliability/error-classes.ts';
import type { HttpRequest, HttpResponse, HttpSend } from '../http/http-port.ts';
import { appAddress, connectionValuesFor, needsSecret } from './connection-values.ts';
import { carriesIdempotencyKey, createAtMostOnce, idempotencyHeaders } from './create-retry.ts';
import { matchingRule, messageAt, ruleError, withMessage } from './error-rules.ts';
import { waitFromHeaders } from './rate-limit-headers.ts';
import { createDailyBudget } from './daily-budget.ts';
import { readCursor, writeCursor } from './cursor-format.ts';
import { concurrencyOf, entitySpecOf } from './describe-entity.ts';
import { encodeForm } from './form-encoding.ts';
import { requestAddress, withQuery } from './request-address.ts';
import type { AuthSpec, EntitySpec, Manifest, RequestSpec } from './manifest-schema.ts';
import {
  firstListing,
  initialCursorOf,
  listingSpec,
  listingStart,
  markedDeleted,
  oncePerItem,
  positionsOf,
  readListedItems,
  recordsAndDeletions,
  without,
} from './listed-items.ts';
import {
  earlier,
  maxCursor,
  nextPageState,
  pageParameters,
  recordsIn,
  restPageState,
  type RestPageState,
} from './pagination.ts';
import { sheetRowsOf } from './sheet-rows.ts';
import { describedWithColumns } from './sheet-columns.ts';
import { upsertResults } from './batch-upsert-results.ts';
import { parseBody, parseOrUndefined } from './response-body.ts';
import { placeCredential } from './place-credential.ts';
import {
  getPath,
  render,
  renderPath,
  renderStrings,
  type TemplateContext,
  type TemplateFunctions,
} from './template.ts';

export interface ConnectorOptions {
  readonly manifest: Manifest;
  readonly appName: string;
  /** Connection settings (no secrets): fill `{{config.x}}`. */
  readonly config: Record<string, unknown>;
  /** The stored secret (API key, token), read when a request is made. */
  readonly secret: () => Promise<string | undefined>;
  readonly send: HttpSend;
  readonly now: () => Date;
  /** Holds every request to the app for this long (its rate-limit headers say the window is spent). */
  readonly pause?: (ms: number) => void;
  /** A hash for templates' `md5` and `sha256` (Mailchimp's member id); this room has no node:crypto. */
  readonly digest?: TemplateFunctions['digest'];
  /**
   * Wraps every exchange (send, status check, parse): the host passes retries with
   * backoff and the app's rate limiter here. Defaults to a single attempt.
   */
  readonly reliably?: <T>(operation: () => Promise<T>) => Promise<T>;
}

/** Interprets a manifest: one implementation of the `Connector` port for every REST API described as data. */
export function createManifestConnector(options: ConnectorOptions): ManifestConnector {
  const { manifest, appName } = options;

  function entity(name: string): EntitySpec {
    const spec = entitySpecOf(manifest, name);
    if (!spec) throw new Error(`${appName} has no entity called "${name}" in its connector.`);
    return spec;
  }
  const described = describedWithColumns(manifest, (name) => sheetOf(entity(name))!.columns());

  const reliably = options.reliably ?? (<T>(operation: () => Promise<T>) => operation());
  const functions: TemplateFunctions = options.digest ? { digest: options.digest } : {};
  // As many connections as the app may have requests in flight (the HTTP client's pool size).
  const connections = concurrencyOf(manifest);
  const budget = createDailyBudget(manifest.rateLimit?.dailyBudget, appName, options.now);

  /** One exchange, once: a non-2xx answer or a body that is not data is thrown classified. */
  async function sendOnce(request: HttpRequest): Promise<{ response: HttpResponse; body: unknown }> {
    budget.beforeSending();
    const response = await options.send(request);
    budget.afterAnswer(response);
    const wait = waitFromHeaders(manifest.rateLimit?.headers, response.headers, options.now);
    if (wait !== undefined) options.pause?.(wait);
    const success = response.status >= 200 && response.status < 300;
    const body = success ? parseBody(response, appName) : parseOrUndefined(response.bodyText);
    // The manifest's own rules first: a throttle sent as a 403, a fault inside a 200.
    const rule = matchingRule(manifest.errors, response.status, body);
    if (success && !rule) return { response, body };
    const classified = classifyHttpResponse({
      appName,
      status: response.status,
      headers: response.headers,
      bodyText: response.bodyText,
      now: options.now(),
    });
    const detail = messageAt(manifest.errors, body) ?? classified.detail;
    throw rule
      ? ruleError(rule, { appName, status: response.status, detail, retryAfterMs: classified.retryAfterMs })
      : withMessage(classified, detail);
  }

  /** One exchange, retried as a whole: a 429, a 5xx or a cut-off body are all worth another try. */
  const exchange = (request: HttpRequest) => reliably(() => sendOnce(request));

  async function requestFor(spec: RequestSpec, context: TemplateContext, extra: Partial<HttpRequest> = {}) {
    const request = await buildRequest(spec, context);
    return { ...request, ...extra, headers: { ...request.headers, ...extra.headers } };
  }

  async function callJson(spec: RequestSpec, context: TemplateContext, extra: Partial<HttpRequest> = {}) {
    return exchange(await requestFor(spec, context, extra));
  }

  /**
   * A search answers a list; an address made from the key (Mailchimp's member hash)
   * answers the one record, or a 404 when there is none.
   */
  async function findByKey(spec: EntitySpec, key: string, send: typeof sendOnce) {
    if (!spec.lookup) return undefined;
    const request = await requestFor(spec.lookup, { key });
    const answer = await send(request).catch((error: unknown) => {
      if ((error as { errorClass?: string }).errorClass === 'not_found') return undefined;
      throw error;
    });
    const found = answer === undefined ? undefined : getPath(answer.body, spec.lookup.recordsPath);
    const first: unknown = Array.isArray(found) ? found[0] : found;
    const id = first === null || typeof first !== 'object' ? undefined : getPath(first, spec.idField);
    return id === undefined || id === null ? undefined : String(id);
  }

  /** The values `{{config.x}}` reads: settings, defaults and values derived from them. */
  const valuesFor = connectionValuesFor(manifest, options.config);
  const configValues = async () => valuesFor(needsSecret(manifest) ? await options.secret() : undefined);

  /** The built-in grid adapter of an entity whose manifest names `rows` (Google Sheets). */
  const sheetOf = (spec: EntitySpec) =>
    sheetRowsOf(spec, {
      appName,
      reliably,
      send: async (request, context) => (await sendOnce(await requestFor(request, context))).body,
      render: async (template) => String(render(template, { config: await configValues() }, functions) ?? ''),
    });

  /**
   * A write that may need the record as the app holds it now (`readFirst`: QuickBooks'
   * SyncToken): read, then write with `{{current.x}}`, the pair retried as one. A
   * `conflict` (the record changed in between: "Stale Object Error") reads it again, once.
   */
  async function writeAfterReading(
    spec: EntitySpec,
    request: RequestSpec & { readFirst: boolean },
    context: TemplateContext,
    extra: Partial<HttpRequest> = {},
  ) {
    if (!request.readFirst || !spec.get) return callJson(request, context, extra);
    const get = spec.get;
    const readThenWrite = async () => {
      const { body } = await sendOnce(await requestFor(get, { id: context.targetId }));
      const current = getPath(body, get.recordPath);
      return sendOnce(await requestFor(request, { ...context, current }, extra));
    };
    return reliably(() =>
      readThenWrite().catch((error: unknown) => {
        if ((error as { errorClass?: string }).errorClass !== 'conflict') throw error;
        return readThenWrite();
      }),
    );
  }

  /** `nextUrl` is a next-page link the app gave (Link header): followed as given, but signed like any request. */
  async function buildRequest(
    spec: RequestSpec,
    context: TemplateContext,
    nextUrl?: string,
  ): Promise<HttpRequest> {
    const config = await configValues();
    const full = { config, ...context };
    const baseUrl = baseUrlOf(config);
    const query = renderStrings(spec.query, full, functions);
    const url = nextUrl
      ? withQuery(sameOrigin(new URL(nextUrl, baseUrl), baseUrl), query)
      : requestAddress(baseUrl.replace(/\/$/, '') + renderPath(spec.path, full, functions), query);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...renderStrings(manifest.headers, full, functions),
      ...renderStrings(spec.headers, full, functions),
    };
    let body: string | undefined;
    if (spec.body !== undefined) {
      const rendered = render(spec.body, full, functions) as Record<string, unknown>;
      if (spec.bodyEncoding === 'form') {
        body = encodeForm(rendered);
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else {
        body = JSON.stringify(rendered);
        headers['content-type'] = 'application/json';
      }
    }
    await applyAuth(manifest.auth, { url, headers, config });
    return {
      method: spec.method,
      url: url.href,
      headers,
      ...(body === undefined ? {} : { body }),
      connections,
    };
  }

  /**
   * The app's own address setting, else the manifest's, filled from the settings. Only
   * an own setting counts: one inherited from a polluted prototype would send the
   * credential to whoever set it (issue 16).
   */
  const baseUrlOf = (config: Record<string, unknown>) =>
    appAddress(manifest, options.config, config, appName);

  // Credentials go only to the app's own address, never to a host a next-page link names.
  function sameOrigin(url: URL, baseUrl: string): URL {
    if (url.origin === new URL(baseUrl).origin) return url;
    throw new SyncError('server', appName, {
      detail: `Its next-page link points to another server (${url.host}); Patchbay does not follow it.`,
    });
  }

  async function applyAuth(
    auth: AuthSpec,
    into: { url: URL; headers: Record<string, string>; config: Record<string, unknown> },
  ) {
    if (auth.type === 'none') return;
    const secret = await options.secret();
    if (secret === undefined) {
      // Nothing is sent without a credential; the app never saw this request.
      throw new SyncError('auth', appName, {
        summary: `No credential is saved for ${appName} yet, so Patchbay did not contact it.`,
      });
    }
    placeCredential(auth, secret, { ...into, functions });
  }

  function toSourceRecord(spec: EntitySpec, raw: unknown): SourceRecord {
    const id = getPath(raw, spec.idField);
    if (id === undefined || id === null) throw classifyMalformedBody(appName);
    const inner = getPath(raw, spec.fieldsPath);
    const fields: Record<string, unknown> = {
      ...(spec.fieldsPath === '' ? {} : { id }),
      ...((inner ?? {}) as Record<string, unknown>),
    };
    // A flattened field name (`properties.x` kept as one key) or a nested path (`MetaData.LastUpdatedTime`).
    const cursorField = spec.incremental?.cursorField;
    const cursorRaw =
      cursorField === undefined ? undefined : (ownValue(fields, cursorField) ?? getPath(fields, cursorField));
    return {
      id: String(id),
      fields,
      cursorValue:
        cursorRaw === undefined ? undefined : readCursor(cursorRaw, spec.incremental?.format ?? 'iso8601'),
    };
  }

  /** One record by id; undefined when the app says it does not exist or is deleted. */
  async function readOne(spec: EntitySpec, id: string): Promise<SourceRecord | undefined> {
    if (!spec.get) return undefined;
    try {
      const { body } = await callJson(spec.get, { id });
      const raw = getPath(body, spec.get.recordPath);
      return markedDeleted(spec.deletions, raw) ? undefined : toSourceRecord(spec, raw);
    } catch (error) {
      if ((error as { errorClass?: string }).errorClass === 'not_found') return undefined;
      throw error;
    }
  }

  const connector: ManifestConnector = {
    appName,
    entityNames: () => Object.keys(manifest.entities),
    ...described,

    /** Proves the connection and credentials with the manifest's cheap call. */
    async check(): Promise<void> {
      if (!manifest.check) return;
      await callJson(manifest.check, {});
    },

    /**
     * One page of records changed since `cursor` (ISO 8601), from `state` (undefined
     * for the first page). Returns the state that reads the next page.
     */
    async readPage(entityName: string, cursor: string, given: PageState | undefined): Promise<Page> {
      const state = restPageState(given);
      const spec = entity(entityName);
      const sheet = sheetOf(spec);
      // A sheet is read whole, in one request: it has neither pages nor a changed-since filter.
      if (sheet) {
        const { rows, rejected } = await sheet.readRecords();
        return { records: rows.map((r) => toSourceRecord(spec, r)), next: undefined, rejected };
      }
      const listing = state?.listing ?? firstListing(spec, cursor, options.now());
      const list = listingSpec(spec, listing);
      if (!list) throw new Error(`${appName} cannot list ${entityName}.`);
      const queryCursor = state?.queryCursor ?? listingStart(spec, listing, cursor, options.now());
      const pagination = list.pagination;
      const pageNumber = state?.page ?? (pagination.type === 'page_number' ? pagination.startAt : 1);
      const offset = state?.offset ?? (pagination.type === 'offset' ? pagination.startAt : 0);
      const context: TemplateContext = {
        cursor: spec.incremental
          ? writeCursor(earlier(queryCursor, spec.incremental.lookbackMs), spec.incremental.format)
          : undefined,
        pageSize: list.pageSize?.value,
        // Where this page starts, for templates that place it themselves (a GraphQL
        // variable, QuickBooks' STARTPOSITION inside its query text).
        page: { token: state?.token, number: pageNumber, offset },
      };
      const { query: queryAdditions, body: bodyAdditions } = pageParameters(list, state, pageNumber, offset);
      const requestSpec: RequestSpec = {
        ...list,
        query: { ...list.query, ...queryAdditions },
        ...(list.body !== undefined || Object.keys(bodyAdditions).length > 0
          ? { body: { ...((list.body as Record<string, unknown>) ?? {}), ...bodyAdditions } }
          : {}),
      };
      // A next page's address (a Link header, a body field) is followed as given: Shopify
      // allows no other parameters beside page_info. It is signed only for the app's own origin.
      const { response, body } = state?.url
        ? await exchange(await buildRequest({ ...requestSpec, query: {} }, context, state.url))
        : await callJson(requestSpec, context);

      const rawItems = recordsIn(body, list);
      if (!Array.isArray(rawItems)) throw classifyMalformedBody(appName);
      // Each record is made once: its cursor is read first, then the record is kept.
      const asRecord = oncePerItem((raw) => toSourceRecord(spec, raw));
      const malformed = () => classifyMalformedBody(appName);
      const items = readListedItems(spec, listing, list, rawItems, cursor, asRecord, malformed);
      const { records, deleted } = await recordsAndDeletions(items, {
        toRecord: asRecord,
        ...(list.feed?.readCurrent && spec.get ? { readCurrent: (id: string) => readOne(spec, id) } : {}),
      });
      const resultsInQuery = (state?.resultsInQuery ?? 0) + rawItems.length;
      let next: RestPageState | undefined = nextPageState(pagination, {
        body,
        linkHeader: response.headers.link,
        // Paging goes by the listed items (a feed's events), not by the records in them.
        records: positionsOf(list, rawItems, spec),
        pageNumber,
        offset,
        fullPage: rawItems.length > 0 && (!list.pageSize || rawItems.length >= list.pageSize.value),
        base: { queryCursor, resultsInQuery },
      });

      // A capped search (HubSpot: 10,000 results per query) restarts from the newest cursor seen.
      const cap = list.maxResultsPerQuery;
      if (next && cap !== undefined && resultsInQuery + (list.pageSize?.value ?? 0) > cap) {
        const newest = maxCursor(records);
        if (!newest || newest === queryCursor) {
          throw new Error(
            `${appName} has more than ${cap} ${entityName} changed at the same moment (${queryCursor}); its search cannot page past them.`,
          );
        }
        next = { queryCursor: newest, resultsInQuery: 0 };
      }
      if (next) next = listing === 'list' ? next : { ...next, listing };
      // Then deleted records (HubSpot's ?archived=true), not after a first pass that copied nothing yet.
      else if (listing !== 'deleted' && spec.deletions?.feed && cursor !== initialCursorOf(spec)) {
        const tombstones = await connector.readPage(entityName, cursor, { listing: 'deleted' });
        deleted.push(...(tombstones.deleted ?? []));
        next = tombstones.next;
      }
      return { records, next, ...(deleted.length > 0 ? { deleted } : {}) };
    },

    /** Reads one record by id; undefined when the app says it does not exist. */
    async getRecord(entityName: string, id: string): Promise<SourceRecord | undefined> {
      const spec = entity(entityName);
      const sheet = sheetOf(spec);
      if (!sheet) return readOne(spec, id);
      const row = await sheet.getRecord(id);
      return row && toSourceRecord(spec, row);
    },

    canGet: (entityName: string): boolean => entity(entityName).get !== undefined,

    /** The id of an existing record whose match key equals `key`, if the app has one. */
    lookup: (entityName: string, key: string): Promise<string | undefined> => {
      const spec = entity(entityName);
      const sheet = sheetOf(spec);
      return sheet ? sheet.lookup(key) : findByKey(spec, key, exchange);
    },

    /** Creates the record at most once, even when an answer is lost (create-retry.ts). */
    async create(
      entityName: string,
      record: Record<string, unknown>,
      write: WriteOptions = {},
    ): Promise<string> {
      const spec = entity(entityName);
      const create = spec.write?.create;
      if (!create) throw new Error(`${appName} cannot create ${entityName}.`);
      const sheet = sheetOf(spec);
      if (sheet) return sheet.create(record, write.matchKey);
      const keyed = idempotencyHeaders(create.idempotencyHeader, write);
      const request = await requestFor(
        create,
        { record: without(record, create.omitFields), idempotencyKey: write.idempotencyKey },
        keyed,
      );
      const { matchKey } = write;
      return createAtMostOnce({
        appName,
        reliably,
        keyed: write.idempotencyKey !== undefined && carriesIdempotencyKey(create),
        send: async () => String(getPath((await sendOnce(request)).body, create.idPath)),
        lookUp: spec.lookup && matchKey ? () => findByKey(spec, matchKey, sendOnce) : undefined,
      });
    },

    async update(
      entityName: string,
      targetId: string,
      record: Record<string, unknown>,
      write: WriteOptions = {},
    ): Promise<string> {
      const spec = entity(entityName);
      const update = spec.write?.update;
      if (!update) throw new Error(`${appName} cannot update ${entityName}.`);
      const sheet = sheetOf(spec);
      if (sheet) return sheet.update(targetId, record);
      const { body } = await writeAfterReading(
        spec,
        update,
        { record: without(record, update.omitFields), targetId, idempotencyKey: write.idempotencyKey },
        idempotencyHeaders(update.idempotencyHeader, write),
      );
      return String(getPath(body, update.idPath) ?? targetId);
    },

    batchSize: (entityName: string): number | undefined => described.describe(entityName)?.batchSize,

    async remove(entityName: string, targetId: string): Promise<void> {
      const spec = entity(entityName);
      const remove = spec.write?.delete;
      if (!remove) throw new Error(`${appName} cannot delete ${entityName}.`);
      await writeAfterReading(spec, remove, { targetId });
    },

    /**
     * Upserts by match key, in calls of at most the manifest's batch size; answers the
     * written id for each key (lower-cased). The body is rendered once, so a record's
     * own text that looks like `{{…}}` is sent as written, never filled in.
     */
    async batchUpsert(
      entityName: string,
      items: readonly { key: string; record: Record<string, unknown> }[],
    ): Promise<Map<string, string | Upserted | SyncError>> {
      const spec = entity(entityName);
      const sheet = sheetOf(spec);
      if (sheet) return sheet.batchUpsert(items);
      const batch = spec.write?.batchUpsert;
      if (!batch) throw new Error(`${appName} cannot upsert ${entityName} in batches.`);
      const ids = new Map<string, string | Upserted | SyncError>();
      for (let start = 0; start < items.length; start += batch.batchSize) {
        const slice = items.slice(start, start + batch.batchSize);
        const rendered = slice.map((item) =>
          render(batch.item, { record: item.record, key: item.key }, functions),
        );
        const { body } = await callJson(batch, { items: rendered });
        for (const [key, outcome] of upsertResults(batch, body, slice, appName)) ids.set(key, outcome);
      }
      return ids;
    },
  };
  return connector;
}

/** The REST implementation of the port, with two conveniences its own tests read. */
export interface ManifestConnector extends Connector {
  canGet(entity: string): boolean;
  batchSize(entity: string): number | undefined;
}
