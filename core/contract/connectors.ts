import { z } from 'zod';
import { appCategories } from './categories.ts';
import { fieldIssueSchema } from './errors.ts';
import { nameText } from './text-rules.ts';

// The connector catalogue as the API shows it, and what a connector says of each
// entity (`describe`): one definition for the engine, the services and the UI.

/**
 * How a connector makes a create again when its answer was lost (the connection broke
 * after the app may have stored the record), without making a duplicate:
 * - `upsert`: the entity is written by match key, so a repeat updates the same record;
 * - `lookup`: the record is looked up by match key first, and sent again only if absent;
 * - `idempotency-key`: sent again with the same key, which the app answers from its first try;
 * - `limited`: neither, so it is not sent again; the record waits in the failure queue.
 */
export const createRetryKinds = ['upsert', 'lookup', 'idempotency-key', 'limited'] as const;
export type CreateRetry = (typeof createRetryKinds)[number];

/**
 * How Patchbay talks to an app: a REST API described by a manifest, a folder of
 * spreadsheet files, or a database. Files and databases are connectors written in code
 * (core/connectors/native-connector.ts); REST ones are data.
 */
export const connectorKinds = ['rest', 'files', 'database'] as const;
export type ConnectorKind = (typeof connectorKinds)[number];

/** Shipped with Patchbay, or installed into the workspace by a user. */
export const connectorOrigins = ['built-in', 'installed'] as const;
export type ConnectorOrigin = (typeof connectorOrigins)[number];

/** How an app signs in: a key or token typed once, or OAuth through the browser. */
export const authKinds = ['none', 'api_key', 'bearer', 'basic', 'oauth2'] as const;
export type AuthKind = (typeof authKinds)[number];

export const entityFieldSchema = z.object({
  /** As the connector reads and writes it (`email`, `metadata.hubspot_id`). */
  name: z.string(),
  label: z.string().optional(),
});
export type EntityField = z.infer<typeof entityFieldSchema>;

/** What a connector can do with one entity, and how its reads start. */
export const entityDescriptionSchema = z.object({
  name: z.string(),
  label: z.string(),
  canList: z.boolean(),
  canGet: z.boolean(),
  canLookup: z.boolean(),
  canCreate: z.boolean(),
  canUpdate: z.boolean(),
  canBatchUpsert: z.boolean(),
  canDelete: z.boolean(),
  /** The source says when a record is deleted or archived (docs/connectors.md#deletions). */
  showsDeletions: z.boolean().optional(),
  /** Reads only what changed since the cursor; otherwise every run reads everything. */
  incremental: z.boolean(),
  /** Where reads start before a flow's first run (an opaque text the connector understands). */
  initialCursor: z.string(),
  /** Records per batch write, where the app takes batches. */
  batchSize: z.number().int().optional(),
  /** Single-record writes in flight at once. */
  writeConcurrency: z.number().int().min(1),
  /** How a create whose answer was lost is made again; absent when the entity cannot be written. */
  createRetry: z.enum(createRetryKinds).optional(),
  /** The address template of a record's page in the app (`{{id}}`, `{{config.x}}`), where the connector has one. */
  recordUrl: z.string().optional(),
  /** The fields the connector knows of (a flow's editor offers them); may be empty. */
  fields: z.array(entityFieldSchema),
  /** The fields are the app's own columns (a sheet's header row): `apps.entities` reads them, the catalogue cannot. */
  fieldsFromApp: z.boolean().optional(),
  /** The app refuses a write with a field not in `fields` (or under one): a dry run says so before a run fails. */
  onlyListedFields: z.boolean().optional(),
});
export type EntityDescription = z.infer<typeof entityDescriptionSchema>;

/** How the app form asks for a setting, and how it is checked. */
export const connectorSettingTypes = [
  'text',
  'url',
  'number',
  'boolean',
  'select',
  'file',
  'folder',
] as const;
export type ConnectorSettingType = (typeof connectorSettingTypes)[number];

/**
 * A connection setting the connector declares: the app form is rendered from these.
 * A secret one goes to the OS keychain as the app's credential, never into its settings.
 */
export const connectorSettingSchema = z.object({
  /** The key in the app's connection settings (`host`, `shop`), or the credential when `secret`. */
  name: z.string(),
  label: z.string(),
  type: z.enum(connectorSettingTypes),
  required: z.boolean(),
  /** Saved to the OS keychain as the app's credential (a password, a key). */
  secret: z.boolean(),
  /** An example value shown as the field's placeholder. */
  example: z.string().optional(),
  /** The value used when the setting is left empty. */
  default: z.string().optional(),
  /** One sentence under the field, in plain words. */
  help: z.string().optional(),
  /** The choices of a `select`. */
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
});
export type ConnectorSetting = z.infer<typeof connectorSettingSchema>;

/** One entry of the catalogue. */
export const connectorSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(connectorKinds),
  origin: z.enum(connectorOrigins),
  version: z.string(),
  /** Where it came from: the file it was shipped or installed from. */
  source: z.string(),
  auth: z.enum(authKinds),
  /**
   * True when an app signs in through the browser (OAuth authorization code): its page
   * offers "Connect" instead of a credential field. OAuth's client-credentials grant
   * (Shopify's Dev Dashboard apps) saves a client secret like any credential.
   */
  browserSignIn: z.boolean(),
  /** What kind of app it reaches (Add app groups connectors by it); other when its manifest names none. */
  category: z.enum(appCategories),
  /** The app's own API address, used unless the app's settings give another. */
  baseUrl: z.string(),
  /** Every host (origin) it sends requests, and the app's credential, to unless an app's settings give another address. */
  hosts: z.array(z.string()),
  /** The connection settings an app of this connector asks for (the app form's fields). */
  settings: z.array(connectorSettingSchema),
  /**
   * The entities it offers. Empty for a connector whose entities depend on the app (a
   * database's tables, a folder's files): those are read from the app itself.
   */
  entities: z.array(entityDescriptionSchema),
});
export type ConnectorSummary = z.infer<typeof connectorSummarySchema>;

/** What a manifest would become, checked without installing it (`connectors.check`). */
export const connectorCheckSchema = z.object({
  valid: z.boolean(),
  /** Each problem with the field's path in the manifest (`entities.contacts.list.recordsPath`). */
  issues: z.array(fieldIssueSchema),
  /** The connector as it would be installed, when valid. */
  connector: connectorSummarySchema.optional(),
  /** Every host the connector would send requests (and the app's credential) to. */
  hosts: z.array(z.string()),
  /** Things that work but may surprise, in plain words (a create that cannot be retried safely). */
  warnings: z.array(z.string()),
  /** What installing it would do; `refused` says why in `issues`. */
  change: z.enum(['install', 'update', 'unchanged', 'refused']),
});
export type ConnectorCheck = z.infer<typeof connectorCheckSchema>;

export const connectorManifestInputSchema = z.object({
  /** The manifest, parsed from JSON or YAML. */
  manifest: z.unknown(),
  /** Where it came from, as the user would name it (a file name); shown in the catalogue. */
  source: nameText('Source', 300).default('pasted in'),
});

export const connectorInstallResultSchema = z.object({
  connector: connectorSummarySchema,
  change: z.enum(['installed', 'updated', 'unchanged']),
});
