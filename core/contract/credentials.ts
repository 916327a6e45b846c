import { z } from 'zod';
import { connectorSchema } from './apps.ts';

/** How an app signs in, from its connector's manifest. */
export const credentialKinds = ['api_key', 'basic', 'oauth2', 'bearer'] as const;
export type CredentialKind = (typeof credentialKinds)[number];

/** One word for the state of an app's credential; `message` says it in a sentence. */
export const credentialHealths = [
  'ok',
  'missing',
  'expiring_soon',
  'expired',
  'rotation_due',
  'never_used',
  'failing',
] as const;
export type CredentialHealth = (typeof credentialHealths)[number];

/** What Patchbay knows about an app's credential, never the credential itself. */
export const credentialStatusSchema = z.object({
  appId: z.string(),
  appName: z.string(),
  /** Null when the app has no connector that signs in. */
  kind: z.enum(credentialKinds).nullable(),
  /** A credential is in the keychain (found without reading it). */
  hasSecret: z.boolean(),
  createdAt: z.string().nullable(),
  rotatedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  health: z.enum(credentialHealths),
  message: z.string(),
});
export type CredentialStatus = z.infer<typeof credentialStatusSchema>;

export const credentialTestSchema = z.object({
  appId: z.string().min(1, { error: 'Which app? The id is missing.' }),
});

/**
 * An app not saved yet, for "Test the connection" in the Add app form: its connector
 * and settings, and the credential as typed (kept nowhere). Editing an app, an empty
 * credential means its saved one (`appId`).
 */
export const credentialDraftTestSchema = z.object({
  name: z.string().trim().min(1, { error: 'Enter a name for the app first.' }).max(80),
  connector: connectorSchema,
  secret: z.string().max(10_000, { error: 'That credential is too long to be real.' }).optional(),
  appId: z.string().optional(),
});

export type CredentialDraftTest = z.infer<typeof credentialDraftTestSchema>;
export type CredentialDraftTestInput = z.input<typeof credentialDraftTestSchema>;

/** The answer of a connection check, in plain words: "Connected to Stripe." */
export const credentialTestResultSchema = z.object({ ok: z.boolean(), message: z.string() });
