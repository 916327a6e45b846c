import { z } from 'zod';
import { dotPath, param, path, templatedMap, templatedValue } from './manifest-schema-parts.ts';

// How a manifest asks for things and reads lists of them: requests, pagination, listings
// (plain, or a feed of events), and how deleted records show (manifest-schema.ts uses these).

export const requestSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  path,
  query: templatedMap.default({}),
  headers: templatedMap.default({}),
  body: templatedValue.optional(),
  bodyEncoding: z.enum(['json', 'form']).default('json'),
});
export type RequestSpec = z.output<typeof requestSchema>;

export const paginationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  /**
   * A cursor the answer gives (`paging.next.after`), sent back as a parameter, or
   * placed by a template as `{{page.token}}` (a GraphQL variable, a query string).
   */
  z.object({
    type: z.literal('cursor'),
    cursorPath: dotPath,
    param: param.optional(),
    in: z.enum(['query', 'body']).default('query'),
    /** More pages only while this is true (GraphQL `pageInfo.hasNextPage`, `has_more`). */
    hasMorePath: dotPath.optional(),
    /** The last page says so (Zendesk's cursor export: `end_of_stream`). */
    endPath: dotPath.optional(),
  }),
  /** Stripe-style: the last record's id as `starting_after`, while `has_more`. */
  z.object({ type: z.literal('last_id'), param, hasMorePath: dotPath }),
  /** RFC 8288 `Link: <…>; rel="next"` (Shopify, GitHub). */
  z.object({ type: z.literal('link_header') }),
  /** The next page's address in the answer (`links.next`, `next_page`), followed as given. */
  z.object({ type: z.literal('next_url'), urlPath: dotPath }),
  /** Page numbers, as a parameter or `{{page.number}}`; they stop at a short page or at `totalPagesPath`. */
  z.object({
    type: z.literal('page_number'),
    param: param.optional(),
    startAt: z.number().int().min(0).default(1),
    totalPagesPath: dotPath.optional(),
  }),
  /** Offsets, as a parameter or `{{page.offset}}` (QuickBooks' 1-based `STARTPOSITION`: `startAt` 1). */
  z.object({
    type: z.literal('offset'),
    param: param.optional(),
    startAt: z.number().int().min(0).default(0),
  }),
]);
export type PaginationSpec = z.output<typeof paginationSchema>;

export const listSchema = requestSchema.extend({
  /** Where the records sit in the answer; "" when the answer is the array itself. */
  recordsPath: dotPath,
  pageSize: z
    .object({
      /** Left out when a template places `{{pageSize}}` itself (QuickBooks' MAXRESULTS, a GraphQL `first`). */
      param: param.optional(),
      value: z.number().int().min(1).max(10_000),
      in: z.enum(['query', 'body']).default('query'),
    })
    .optional(),
  pagination: paginationSchema,
  /** Some searches stop after N results (HubSpot: 10,000); the reader then restarts from its cursor. */
  maxResultsPerQuery: z.number().int().min(1).optional(),
  /**
   * The app leaves the records' key out of an empty answer (QuickBooks: `QueryResponse: {}`):
   * a missing list is then an empty page, as long as the object around it is there.
   */
  emptyWhenAbsent: z.boolean().default(false),
  /**
   * The listing is a feed of events about records (Stripe's `/v1/events`): each item
   * carries the record at `recordPath` and its own time at `cursorPath`.
   */
  feed: z
    .object({
      /** Where the record sits inside an item (`data.object`). */
      recordPath: dotPath.refine((p) => p !== '', { error: 'Name where the record sits in an item.' }),
      /** The item's own time, the incremental cursor (`created`); read in the entity's cursor format. */
      cursorPath: dotPath,
      /**
       * Read each record again by `get` instead of trusting the item's copy: a feed read
       * newest first meets one record several times, and only its latest state may be written.
       */
      readCurrent: z.boolean().default(false),
    })
    .optional(),
});

/** A value in a field that says the record is gone: `archived: true`, `ARCHIVED`, `customer.deleted`. */
const statusValue = z.union([z.string(), z.number(), z.boolean()]);

/**
 * How an entity shows a record deleted (or archived) at the source: a field of the
 * listed item holding one of some values, and/or a separate listing of deleted records.
 */
export const deletionsSchema = z
  .object({
    /**
     * The item is a deletion when a field holds one of these values. The field is read
     * from the item as listed and, for a feed, from the record inside it.
     */
    status: z
      .array(z.object({ field: dotPath, values: z.array(statusValue).min(1).max(20) }))
      .max(10)
      .default([]),
    /**
     * A listing of deleted records (HubSpot's `?archived=true`), read after each pass of
     * `list`; with `sincePath`, only those deleted since the pass's cursor count.
     */
    feed: listSchema
      .omit({ feed: true, maxResultsPerQuery: true })
      .extend({
        sincePath: dotPath.optional(),
        /**
         * The listing names changed records too (QuickBooks' change data capture): only
         * the items `status` marks are deletions, the others are left to `list`.
         */
        onlyMarked: z.boolean().default(false),
        /**
         * The listing looks back at most this many days (QuickBooks' CDC: 30) and refuses
         * an older start: an older cursor asks from the oldest time it still keeps.
         */
        retentionDays: z.number().int().min(1).max(3650).optional(),
      })
      .optional(),
  })
  .refine((d) => d.status.length > 0 || d.feed !== undefined, {
    error:
      'Say how a deletion shows: a "status" field with its values, a "feed" of deleted records, or both.',
  })
  .refine((d) => !d.feed?.onlyMarked || d.status.length > 0, {
    error: 'A feed with "onlyMarked" keeps the items "status" marks: say which field and values mark them.',
    path: ['feed', 'onlyMarked'],
  });
export type DeletionsSpec = z.output<typeof deletionsSchema>;
