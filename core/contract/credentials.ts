import { z } from 'zod';

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

/** The answer of a connection check, in plain words: "Connected to Stripe." */
export const credentialTestResultSchema = z.object({ ok: z.boolean(), message: z.string() });
