import { z } from 'zod';
import { appIdSchema, appInputSchema, appSchema, appUpdateSchema } from './apps.ts';
import { healthSchema } from './health.ts';
import type { EventName, MethodName } from './method-names.ts';

interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  kind: 'query' | 'command';
  description: string;
  input: I;
  output: O;
}

const empty = z.object({}).strict().default({});

/**
 * The API contract: one table, walked by every transport (direct calls, browser-mode
 * HTTP, Electron IPC). Types are derived from it, never written twice.
 */
export const methods = {
  /** Is the core up, which workspace is open, at which schema version. */
  'health.get': {
    kind: 'query',
    description: 'Core status and open workspace',
    input: empty,
    output: healthSchema,
  },
  /** The app inventory, sorted by name. */
  'apps.list': {
    kind: 'query',
    description: 'List the app inventory',
    input: empty,
    output: z.array(appSchema),
  },
  /** One app with its entities. */
  'apps.get': { kind: 'query', description: 'One app by id', input: appIdSchema, output: appSchema },
  /** Add an app to the inventory. Names are unique; an entity has at most one system of record. */
  'apps.create': { kind: 'command', description: 'Add an app', input: appInputSchema, output: appSchema },
  /** Replace an app's details and entities. */
  'apps.update': { kind: 'command', description: 'Change an app', input: appUpdateSchema, output: appSchema },
  /** Remove an app from the inventory (refused while flows use it). */
  'apps.delete': {
    kind: 'command',
    description: 'Remove an app',
    input: appIdSchema,
    output: z.object({ id: z.string() }),
  },
} as const satisfies { [N in MethodName]: MethodSpec<z.ZodType, z.ZodType> };

export type Methods = typeof methods;
export type MethodInput<N extends MethodName> = z.input<Methods[N]['input']>;
export type MethodParsedInput<N extends MethodName> = z.output<Methods[N]['input']>;
export type MethodOutput<N extends MethodName> = z.output<Methods[N]['output']>;

/** Events pushed to every listener. */
export const events = {
  /** An app was created, changed or deleted. */
  'apps.changed': z.object({ id: z.string(), change: z.enum(['created', 'updated', 'deleted']) }),
} as const satisfies { [E in EventName]: z.ZodType };

export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export interface PatchbayEvent<E extends EventName = EventName> {
  name: E;
  payload: EventPayload<E>;
}
