import { z } from 'zod';

/**
 * The closed set of ways a sync can fail (docs/conventions.md#errors). The words and
 * the next step for each live with its policy in core/reliability/error-classes.ts and
 * travel with every failure (`explanation`), so no screen restates them.
 */
export const syncErrorClasses = [
  'auth',
  'validation',
  'rate_limit',
  'network',
  'server',
  'conflict',
  'mapping',
  'not_found',
  'unconfirmed',
  'internal',
  // The office's proxy, not the app, asked for a sign-in (407).
  'proxy_auth',
  // The app answered with a redirect the HTTP client does not follow (core/connectors/http/).
  'redirected',
] as const;
export type SyncErrorClass = (typeof syncErrorClasses)[number];

export function isSyncErrorClass(value: unknown): value is SyncErrorClass {
  return (syncErrorClasses as readonly unknown[]).includes(value);
}

/** What kind of problem a failure is, as a heading, and the usual next step. */
export const failureExplanationSchema = z.object({
  title: z.string(),
  action: z.string(),
});
export type FailureExplanation = z.infer<typeof failureExplanationSchema>;
