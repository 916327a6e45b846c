import { z } from 'zod';
import { appCategories } from './categories.ts';
import { settingProblem } from './connection-settings.ts';
import { connectorKinds } from './connectors.ts';
import { ownRecord } from './safe-path-schema.ts';
import { nameText, proseText, quoted } from './text-rules.ts';

export { appCategories, type AppCategory } from './categories.ts';

export const criticalities = ['low', 'medium', 'high'] as const;
export type Criticality = (typeof criticalities)[number];

const maxSettings = 50;

/** One connection setting's value. */
const connectionSettingValueSchema = z.string({ error: 'Connection settings must be text.' }).max(2000, {
  error: 'A connection setting can be at most 2,000 characters.',
});

const settingRules = new Map<string, z.ZodType<string>>();
/**
 * One setting's value as the core checks it, for the app form to say at the field: its
 * length, and never a credential or an address Patchbay will not send a key to.
 */
export function connectionSettingRule(name: string): z.ZodType<string> {
  let rule = settingRules.get(name);
  if (!rule) {
    rule = connectionSettingValueSchema.superRefine((value, ctx) => {
      const problem = value.trim() === '' ? undefined : settingProblem(name, value);
      if (problem) ctx.addIssue({ code: 'custom', message: `This setting ${problem}` });
    });
    settingRules.set(name, rule);
  }
  return rule;
}

/** Connection settings: text by name, never a credential (connection-settings.ts). */
const connectionSettingsSchema = ownRecord(nameText('A setting name', 80), connectionSettingValueSchema)
  .default({})
  .superRefine((config, ctx) => {
    const names = Object.keys(config);
    if (names.length > maxSettings)
      ctx.addIssue({
        code: 'custom',
        message: `An app can have at most ${maxSettings} connection settings.`,
      });
    for (const name of names) {
      const problem = settingProblem(name, config[name]!);
      // The field stays `connector.config` (the form shows it there); the words name the setting.
      if (problem) ctx.addIssue({ code: 'custom', message: `The setting ${quoted(name)} ${problem}` });
    }
  });

/** A connector from the catalogue (a REST manifest, a folder of files, a database) and its settings. */
const catalogConnectorSchema = z.object({
  kind: z.enum(connectorKinds, {
    error: `Choose how Patchbay connects to the app (${connectorKinds.map((k) => quoted(k)).join(', ')}).`,
  }),
  /** The catalogue id, such as `hubspot` or `postgres`. */
  connector: nameText('Connector', 80).min(1, { error: 'Choose a connector.' }),
  config: connectionSettingsSchema,
});

/**
 * Before connectors had kinds, an app named its preset: `{ preset, config }` (workspace
 * files of version 1, older API callers). Read as the REST connector it always was.
 */
function fromPresetShape(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Object.hasOwn(input, 'kind')) return input;
  if (!Object.hasOwn(input, 'preset')) return input;
  const { preset, ...rest } = input as { preset: unknown };
  return { ...rest, kind: 'rest', connector: preset };
}

/**
 * How Patchbay talks to the app: the kind and catalogue id of its connector, and its
 * settings. Never a secret: credentials go to the OS keychain. The kind must be the
 * catalogue entry's (checked where the catalogue is known: the apps service).
 */
export const connectorSchema = z.preprocess(fromPresetShape, catalogConnectorSchema);
export type Connector = z.output<typeof connectorSchema>;

export const entityInputSchema = z.object({
  name: nameText('Entity name', 60).min(1, { error: 'Enter a name for the entity, for example Contacts.' }),
  systemOfRecord: z.boolean({ error: 'System of record must be on or off.' }).default(false),
});
export type EntityInput = z.input<typeof entityInputSchema>;

export const appInputSchema = z
  .object({
    name: nameText('Name', 80).min(1, { error: 'Enter a name for the app.' }),
    vendor: nameText('Vendor', 80).default(''),
    category: z.enum(appCategories, { error: 'Choose a category from the list.' }).default('other'),
    owner: nameText('Owner', 80).default(''),
    criticality: z.enum(criticalities, { error: 'Choose low, medium or high.' }).default('medium'),
    notes: proseText('Notes', 2000).default(''),
    entities: z
      .array(entityInputSchema)
      .max(50, { error: 'An app can list at most 50 entities.' })
      .default([]),
    connector: connectorSchema.nullable().default(null),
  })
  .superRefine((app, ctx) => {
    const seen = new Set<string>();
    app.entities.forEach((entity, index) => {
      const key = entity.name.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['entities', index, 'name'],
          message: `${entity.name} is listed twice; each entity once, please.`,
        });
      }
      seen.add(key);
    });
  });
export type AppInput = z.input<typeof appInputSchema>;

export const entitySchema = z.object({
  name: z.string(),
  systemOfRecord: z.boolean(),
});
export type Entity = z.infer<typeof entitySchema>;

export const appSchema = z.object({
  id: z.string(),
  name: z.string(),
  vendor: z.string(),
  category: z.enum(appCategories),
  owner: z.string(),
  criticality: z.enum(criticalities),
  notes: z.string(),
  entities: z.array(entitySchema),
  connector: connectorSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type App = z.infer<typeof appSchema>;

export const appIdSchema = z.object({ id: z.string().min(1, { error: 'Which app? The id is missing.' }) });

export const appUpdateSchema = z.object({
  id: z.string().min(1, { error: 'Which app? The id is missing.' }),
  app: appInputSchema,
});
