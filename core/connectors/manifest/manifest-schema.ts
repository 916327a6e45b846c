import { z } from 'zod';
import { ownRecord, refuseUnsafePath } from '../../contract/safe-path-schema.ts';
import { plainIssue } from '../../contract/plain-issue.ts';
import { oauth2Schema } from './manifest-oauth-schema.ts';
import { addressHostsSchema, addressValueHosts, leadingAddressValue } from './address-hosts.ts';
import { deletionsSchema, listSchema, requestSchema } from './manifest-list-schema.ts';
import {
  dotPath,
  param,
  settingName,
  templated,
  templatedMap,
  templatedValue,
} from './manifest-schema-parts.ts';
import {
  addressTemplateProblem,
  builtInSettingNames,
  configNamesIn,
  hostSettingNames,
} from './connection-values.ts';

// A connector described as data (docs/conventions.md#connectors), after Airbyte's declarative
// manifests: requester, record selector, paginator, incremental cursor — plus writes.
// String values may hold `{{path}}` templates, resolved by `template.ts`. No path,
// placeholder or key may name a prototype (`__proto__`, `constructor`: issue 16).

export {
  deletionsSchema,
  listSchema,
  paginationSchema,
  requestSchema,
  type DeletionsSpec,
  type PaginationSpec,
  type RequestSpec,
} from './manifest-list-schema.ts';

/** Where a REST entity's reads start when its manifest names no other cursor: everything. */
export const fromTheBeginning = '1970-01-01T00:00:00.000Z';

export const incrementalSchema = z.object({
  /** A field of the (flattened) record that grows with each change. */
  cursorField: z.string().min(1).superRefine(refuseUnsafePath),
  /**
   * How `{{cursor}}` is written: ISO 8601 (with or without milliseconds), unix seconds
   * or milliseconds, `YYYY-MM-DD HH:MM:SS` (UTC) or an HTTP date (`If-Modified-Since`).
   * Records' values are read in any of these, and as .NET `/Date(ms+0000)/`.
   */
  format: z
    .enum(['iso8601', 'iso8601_seconds', 'unix_seconds', 'unix_ms', 'datetime', 'http_date'])
    .default('iso8601'),
  /**
   * Ask from this much earlier than the cursor (the changed-since filter is strict, or
   * the app holds back its newest changes: Zendesk, a minute). Records read twice are
   * found unchanged and not written again.
   */
  lookbackMs: z.number().int().min(0).max(604_800_000).optional(),
  /** Order the list answers in; a descending source can only move its cursor at the end of a pass. */
  order: z.enum(['ascending', 'descending']).default('ascending'),
  /** The cursor before the first run. */
  initial: z.string().default(fromTheBeginning),
});

/**
 * Optimistic concurrency (QuickBooks' `SyncToken`): the record is read first through the
 * entity's `get`, and the write's templates see it as `{{current.x}}`. When the app says
 * the record changed in between (an error of class `conflict`), it is read and written
 * once more.
 */
const readFirst = z.boolean().default(false);

const writeRequestSchema = requestSchema.extend({
  readFirst,
  /** Where the written record's id sits in the answer. */
  idPath: dotPath.default('id'),
  /** Header carrying an idempotency key where the API supports one (Stripe: Idempotency-Key). */
  idempotencyHeader: param.optional(),
  /**
   * Top-level fields of the mapped record this request leaves out: the app takes them
   * only when a record is made (Stripe: a product's `id` on create, refused on update).
   */
  omitFields: z.array(param).max(20).optional(),
});

export const batchUpsertSchema = writeRequestSchema.extend({
  batchSize: z.number().int().min(1).max(1000),
  /** One item of the batch; `{{record}}` is the mapped record, `{{key}}` its match-key value. */
  item: templatedValue,
  /** Where the results sit; each result is matched back by `resultKeyPath`. */
  resultsPath: dotPath,
  /**
   * Where a result holds its match-key value. Left out when the app answers the results
   * in the order they were sent (Airtable's upsert), matched back by position.
   */
  resultKeyPath: dotPath.optional(),
  /**
   * A result refused inside a successful answer (Xero's `ValidationErrors`, with
   * `summarizeErrors=false`): the record fails with the words found here, the others are written.
   */
  itemErrorPath: dotPath.optional(),
  /**
   * Where a result says whether the app created the record (true) or changed one it
   * held (false): HubSpot's `new`. Without it, a record is counted created unless
   * Patchbay had linked it before.
   */
  createdPath: dotPath.optional(),
});

/**
 * A named adapter built into Patchbay, for an API that answers a grid instead of records
 * (Google Sheets' values: docs/connectors.md#sheet-rows). The manifest only names it; the
 * code is `sheet-rows.ts`. With it, `list` reads the whole sheet (`get` and `lookup` find
 * the row in it), `write.create` appends rows (`{{rows}}`, the new rows' range at
 * `idPath`) and `write.update` writes ranges (`{{data}}`). `{{config.sheet|sheetname}}`
 * quotes a sheet title for A1 notation.
 */
export const rowsSchema = z.object({
  adapter: z.literal('header-row'),
  /** The column whose value finds a row again: the flows' match key. */
  keyColumn: templated,
  /** Rows written per request. */
  batchSize: z.number().int().min(1).max(1000).default(500),
  /**
   * The header row alone (Sheets: `values/<sheet>!1:1`): read before describing the
   * entity, so its columns are the fields a flow editor offers. Its grid is at `list.recordsPath`.
   */
  header: requestSchema.optional(),
});
export type RowsSpec = z.output<typeof rowsSchema>;

export const entitySchema = z
  .object({
    label: z.string().optional(),
    /** A grid read through a built-in adapter (Google Sheets), instead of records. */
    rows: rowsSchema.optional(),
    /** The record's id inside the raw record. */
    idField: dotPath.default('id'),
    /** Where the fields sit inside a raw record ("properties" for HubSpot); "" when at the top. */
    fieldsPath: dotPath.default(''),
    list: listSchema.optional(),
    incremental: incrementalSchema.optional(),
    /**
     * Once a pass of `list` has set a cursor, later runs read changes from this feed
     * instead (Stripe's Events: updates and deletions, where `list` sees only new records).
     */
    changes: listSchema
      .extend({
        /** The feed keeps this many days: a cursor older than that reads `list` again in full. */
        retentionDays: z.number().int().min(1).max(3650).optional(),
      })
      .optional(),
    /** How the app shows a record deleted or archived at the source. */
    deletions: deletionsSchema.optional(),
    /** Read one record by id (`{{id}}`): lets a retry pick up a fix made in the source. */
    get: requestSchema.extend({ recordPath: dotPath.default('') }).optional(),
    /** Find an existing record by match key (`{{key}}`), before creating one. */
    lookup: requestSchema.extend({ recordsPath: dotPath }).optional(),
    write: z
      .object({
        create: writeRequestSchema.optional(),
        /** `{{targetId}}` is the id of the record to change. */
        update: writeRequestSchema.optional(),
        batchUpsert: batchUpsertSchema.optional(),
        /** Archives or deletes the record `{{targetId}}`, where the app can (QuickBooks: makes it inactive). */
        delete: requestSchema.extend({ readFirst }).optional(),
      })
      .optional(),
    /**
     * The address of one record's page in the app, for "Open in HubSpot" next to a failed
     * record: `{{id}}` is the record's id, `{{config.x}}` an app setting
     * (docs/connectors.md#record-links).
     */
    recordUrl: templated
      .regex(/^https?:\/\//, { error: 'A record address starts with https://.' })
      .max(500)
      .optional(),
    /** The fields the entity is known to have, offered by the flow editor. */
    fields: z
      .array(
        z.object({ name: z.string().min(1).superRefine(refuseUnsafePath), label: z.string().optional() }),
      )
      .max(500)
      .default([]),
    /**
     * The app refuses a write holding a field not in `fields` (Stripe: "Received unknown
     * parameter"); a field's sub-fields count as listed (`metadata.any_key` under `metadata`).
     */
    onlyListedFields: z.boolean().default(false),
  })
  .superRefine((entity, ctx) => {
    if (entity.write?.create?.readFirst)
      ctx.addIssue({
        code: 'custom',
        path: ['write', 'create', 'readFirst'],
        message: 'A create has no record to read first: "readFirst" is for "update" and "delete".',
      });
    for (const kind of ['update', 'delete'] as const)
      if (entity.write?.[kind]?.readFirst && !entity.get)
        ctx.addIssue({
          code: 'custom',
          path: ['write', kind, 'readFirst'],
          message: '"readFirst" reads the record through the entity\'s "get": add one.',
        });
  });
export type EntitySpec = z.output<typeof entitySchema>;

// ── Connection settings: what the app form asks for, and `{{config.x}}` reads ──

/** One setting an app of this connector is asked for (`shop`, `version`, `tenantId`). */
export const settingSpecSchema = z
  .object({
    name: settingName,
    label: z.string().min(1).max(80),
    type: z.enum(['text', 'url', 'number', 'boolean', 'select']).default('text'),
    required: z.boolean().default(false),
    /** The app's credential (a key, a token): saved to the keychain, never in its settings. */
    secret: z.boolean().default(false),
    /** Shown as the field's placeholder. */
    example: z.string().max(200).optional(),
    /** Used when the app leaves the setting empty. */
    default: z.string().max(2000).optional(),
    /** One sentence under the field, in plain words. */
    help: z.string().max(500).optional(),
    /** A `url` setting holding a whole server address, on one of these hosts (`*.example.com`). */
    hosts: addressHostsSchema.optional(),
    /** The choices of a `select`. */
    options: z
      .array(z.object({ value: z.string().max(200), label: z.string().min(1).max(80) }))
      .min(1)
      .max(100)
      .optional(),
  })
  .superRefine((setting, ctx) => {
    if (setting.type === 'select' && !setting.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'A "select" setting lists its options.' });
    if (setting.secret && setting.default !== undefined)
      ctx.addIssue({ code: 'custom', path: ['default'], message: 'A secret setting cannot have a default.' });
    if (setting.hosts && (setting.type !== 'url' || setting.secret))
      ctx.addIssue({
        code: 'custom',
        path: ['hosts'],
        message: 'Only a "url" setting that is not secret holds a server address with "hosts".',
      });
  });
export type SettingSpec = z.output<typeof settingSpecSchema>;

/** A value taken from part of a setting or of the credential (Mailchimp's `dc` after the key's "-"). */
export const derivedSchema = z
  .object({
    name: settingName,
    /** A declared setting's name, or `secret` for the app's credential. */
    from: z.string().min(1),
    /** Keep what follows the last occurrence of this text. */
    after: z.string().min(1).max(20).optional(),
    /** Keep what precedes the first occurrence of this text. */
    before: z.string().min(1).max(20).optional(),
  })
  .refine((d) => d.after !== undefined || d.before !== undefined, {
    error: 'Say which part to keep: "after" a separator, "before" one, or both.',
  });

type ManifestShape = {
  baseUrl: string;
  auth: { type: string };
  settings: SettingSpec[];
  derived: z.output<typeof derivedSchema>[];
};

/**
 * The connection settings hang together: names unique, at most one secret (an app has
 * one credential), derived values read something that exists, every `{{config.x}}` a
 * setting the connector has, and the address's host built only from text settings.
 */
function checkConnectionSettings(manifest: ManifestShape & Record<string, unknown>, ctx: z.RefinementCtx) {
  const builtIn = builtInSettingNames(manifest.auth);
  const known = new Set(builtIn);
  manifest.settings.forEach((setting, i) => {
    if (known.has(setting.name))
      ctx.addIssue({
        code: 'custom',
        path: ['settings', i, 'name'],
        message: `"${setting.name}" is already a setting (${builtIn.includes(setting.name) ? 'every REST connector has it' : 'listed twice'}).`,
      });
    known.add(setting.name);
  });
  const secrets = manifest.settings.filter((s) => s.secret);
  if (secrets.length > 1)
    ctx.addIssue({
      code: 'custom',
      path: ['settings'],
      message: 'An app has one credential: mark at most one setting as secret.',
    });
  const captured =
    manifest.auth.type === 'oauth2'
      ? ((manifest.auth as { capture?: { name: string }[] }).capture ?? [])
      : [];
  captured.forEach((capture, i) => {
    if (known.has(capture.name))
      ctx.addIssue({
        code: 'custom',
        path: ['auth', 'capture', i, 'name'],
        message: `"${capture.name}" is already a setting.`,
      });
    known.add(capture.name);
  });
  manifest.derived.forEach((derived, i) => {
    if (derived.from !== 'secret' && !known.has(derived.from))
      ctx.addIssue({
        code: 'custom',
        path: ['derived', i, 'from'],
        message: `"${derived.from}" is not a setting: use a setting's name or "secret".`,
      });
    if (known.has(derived.name))
      ctx.addIssue({
        code: 'custom',
        path: ['derived', i, 'name'],
        message: `"${derived.name}" is already a setting.`,
      });
    known.add(derived.name);
  });
  for (const [key, value] of Object.entries(manifest)) {
    if (key === 'settings' || key === 'derived') continue;
    for (const name of configNamesIn(value))
      if (!known.has(name))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `{{config.${name}}} names no setting: declare "${name}" under settings.`,
        });
  }
  const lead = leadingAddressValue(manifest.baseUrl);
  if (lead && known.has(lead.name) && !addressValueHosts(manifest).has(lead.name))
    ctx.addIssue({
      code: 'custom',
      path: ['baseUrl'],
      message: `{{config.${lead.name}}} is the whole server, so "${lead.name}" must declare the "hosts" it may name (like ["*.example.com"]).`,
    });
  for (const name of hostSettingNames(manifest.baseUrl)) {
    const setting = manifest.settings.find((s) => s.name === name);
    if (setting && (setting.secret || !['text', 'select'].includes(setting.type)))
      ctx.addIssue({
        code: 'custom',
        path: ['baseUrl'],
        message: `{{config.${name}}} is in the host, so "${name}" must be a text or select setting that is not secret.`,
      });
  }
}

/** A change feed needs a cursor to start from, and a feed read again record by record needs `get`. */
function checkFeeds(manifest: { entities: Record<string, EntitySpec> }, ctx: z.RefinementCtx) {
  for (const [name, spec] of Object.entries(manifest.entities)) {
    if (spec.changes && !spec.incremental)
      ctx.addIssue({
        code: 'custom',
        path: ['entities', name, 'changes'],
        message: 'A change feed starts from a cursor: declare "incremental" for this entity.',
      });
    for (const [key, list] of [
      ['list', spec.list],
      ['changes', spec.changes],
    ] as const)
      if (list?.feed?.readCurrent && !spec.get)
        ctx.addIssue({
          code: 'custom',
          path: ['entities', name, key, 'feed', 'readCurrent'],
          message: 'Reading each record again needs "get" for this entity.',
        });
  }
}

/** The app's address: a web address, or one built from settings (`https://{{config.shop}}.myshopify.com`). */
const baseUrlTemplate = z.string().superRefine((value, ctx) => {
  const problem = addressTemplateProblem(value, { wholeServerValue: true });
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
});

// ── Errors: a connector's own reading of its error answers ──

/** Which answers are which error class, beyond the status: the first matching rule wins. */
export const errorRuleSchema = z
  .object({
    /** The statuses it applies to; any when left out. */
    status: z.array(z.number().int().min(100).max(599)).min(1).max(20).optional(),
    /** A body field that must be there (not empty), or equal `equals`. A 2xx is an error only by such a rule. */
    path: dotPath.optional(),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** What the answer is: a refused sign-in, a refused record, a throttle, a fault on the app's side… */
    class: z.enum(['auth', 'validation', 'rate_limit', 'server', 'conflict', 'not_found']),
    /** How long to wait before trying again when the app does not say (Airtable: 30 s). */
    retryAfterMs: z.number().int().min(0).max(3_600_000).optional(),
  })
  .refine((rule) => rule.status !== undefined || rule.path !== undefined, {
    error: 'A rule names the statuses it applies to, a body field, or both.',
  })
  .refine((rule) => rule.equals === undefined || rule.path !== undefined, {
    error: '"equals" compares a body field: name it in "path".',
    path: ['equals'],
  });

export const errorsSchema = z.object({
  /** Where the app's own words sit in an error answer (`Fault.Error.0.Detail`, `errors.0.message`). */
  messagePath: dotPath.optional(),
  rules: z.array(errorRuleSchema).max(50).default([]),
});

// ── Rate-limit headers: the app says what is left before it refuses ──

export const rateLimitHeadersSchema = z.object({
  /** Requests left in the window (`X-RateLimit-Remaining`). */
  remaining: param.min(1),
  /** When the window starts again (`X-RateLimit-Reset`). */
  reset: param.min(1),
  /** How `reset` is written: seconds from now, or the unix time (seconds) it happens at. */
  resetIn: z.enum(['seconds', 'unix_seconds']).default('seconds'),
  /** Pause when this many or fewer are left (a margin for requests already in flight). */
  pauseAtOrBelow: z.number().int().min(0).max(1000).default(0),
});

/**
 * A budget of requests per day (Xero: 5,000 per tenant): once the app says it is used
 * up, retrying only spends more refusals, so the run stops at its last committed page
 * and the app's flows pause until the budget resets (`daily-budget.ts`).
 */
export const dailyBudgetSchema = z
  .object({
    /** Requests left today (`X-DayLimit-Remaining`): at 0 nothing more is sent. */
    remainingHeader: param.min(1).optional(),
    /** The header that names which limit a 429 hit (`X-Rate-Limit-Problem`)… */
    problemHeader: param.min(1).optional(),
    /** …and its value for the daily one (`day`). */
    problemValue: z.string().min(1).max(40).default('day'),
    /** When the budget comes back if the app does not say (no Retry-After): a rolling day. */
    resetAfterMs: z.number().int().min(60_000).max(604_800_000).default(86_400_000),
  })
  .refine((b) => b.remainingHeader !== undefined || b.problemHeader !== undefined, {
    error: 'Say how the app shows a spent daily budget: "remainingHeader", "problemHeader", or both.',
  });

export { oauth2Schema, oauthCaptureSchema } from './manifest-oauth-schema.ts';

export const authSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('api_key'), in: z.enum(['header', 'query']), name: param.min(1) }),
  z.object({ type: z.literal('bearer') }),
  /** `{{secret}}` in username or password stands for the stored secret. */
  z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }),
  oauth2Schema,
]);
export type AuthSpec = z.output<typeof authSchema>;

export const manifestSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]+$/, { error: 'A connector id uses lower-case letters, digits and dashes.' }),
    name: z.string().min(1),
    /** The manifest's own version: an installed connector is replaced by a newer one. */
    version: z
      .string()
      .regex(/^\d+(\.\d+){0,2}$/, { error: 'A version is like 1, 1.2 or 1.2.3.' })
      .default('1'),
    /**
     * What kind of app it reaches, for Add app's groups: crm, billing, accounting, shop,
     * mailing, helpdesk, spreadsheet, files, database or other. Missing or unknown is other.
     */
    category: z.string().optional(),
    /** The API documentation pages the manifest follows. */
    docs: z.array(z.url()).default([]),
    /** Why the manifest is shaped as it is: limits, quirks, choices. */
    notes: z.array(z.string()).default([]),
    /**
     * The real service's address, which may be built from settings, or start with a
     * server address a value holds (`{{config.apiDomain}}/api/v2`, the value declaring its
     * `hosts`); an app's `config.baseUrl` replaces it (a sandbox, an emulator).
     */
    baseUrl: baseUrlTemplate,
    auth: authSchema,
    headers: templatedMap.default({}),
    rateLimit: z
      .object({
        requests: z.number().int().min(1),
        perMs: z.number().int().min(1),
        concurrency: z.number().int().min(1).default(4),
        /** The app's own count of what is left, honoured before it has to refuse. */
        headers: rateLimitHeadersSchema.optional(),
        /** A daily budget that pauses the flows until it resets, instead of retrying. */
        dailyBudget: dailyBudgetSchema.optional(),
      })
      .optional(),
    /** How the app's error answers map to Patchbay's error classes, and where its message sits. */
    errors: errorsSchema.optional(),
    /** One cheap call that proves the connection and credentials work. */
    check: requestSchema.optional(),
    entities: ownRecord(z.string(), entitySchema).refine((e) => Object.keys(e).length > 0, {
      error: 'A connector needs at least one entity.',
    }),
    /** The connection settings an app of this connector is asked for. */
    settings: z.array(settingSpecSchema).max(30).default([]),
    /** Values taken from part of a setting or of the credential, read as `{{config.name}}`. */
    derived: z.array(derivedSchema).max(10).default([]),
  })
  .superRefine(checkConnectionSettings)
  .superRefine(checkFeeds);
export type Manifest = z.output<typeof manifestSchema>;

export interface ManifestIssue {
  /** Where in the manifest, as a dotted path (`entities.contacts.list.recordsPath`). */
  path: string;
  message: string;
}

/** How deep a manifest may nest: real ones stay under 12 levels; a stranger's may not recurse us out of stack. */
export const maxManifestDepth = 32;

/** The deepest nesting of objects and arrays, counted without recursion; stops past `limit`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Every problem of a manifest with its path (at most 50), or the manifest. Never throws. */
export function checkManifest(input: unknown): { manifest: Manifest } | { issues: ManifestIssue[] } {
  if (depthOf(input, maxManifestDepth) > maxManifestDepth)
    return {
      issues: [
        {
          path: '(manifest)',
          message: `A manifest can nest at most ${maxManifestDepth} levels of { } and [ ].`,
        },
      ],
    };
  const result = manifestSchema.safeParse(input, { error: plainIssue });
  if (result.success) return { manifest: result.data };
  return {
    issues: result.error.issues.slice(0, 50).map((issue) => ({
      path: issue.path.map(String).join('.') || '(manifest)',
      message: issue.message,
    })),
  };
}

/** Parses a manifest; a bad one is refused with the path of the bad field. */
export function parseManifest(input: unknown): Manifest {
  const result = manifestSchema.safeParse(input, { error: plainIssue });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.map(String).join('.') || '(manifest)';
  throw new ManifestError(`The connector manifest is not valid at ${where}: ${issue.message}`, where);
}

export class ManifestError extends Error {
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.name = 'ManifestError';
    this.path = path;
  }
}
