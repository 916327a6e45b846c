import type { CredentialRepository } from '../services/repositories.ts';
import type { Clock } from '../ports.ts';

/**
 * Marks a credential used or refused, cheaply: at most one write per app and outcome
 * every `everyMs`, and at once when the outcome changes (a refusal after successes).
 */
export function createCredentialUsage(options: {
  readonly credentials: CredentialRepository;
  readonly clock: Clock;
  readonly everyMs?: number;
}) {
  const everyMs = options.everyMs ?? 5000;
  const lastWrite = new Map<string, { outcome: 'used' | 'failed'; at: number }>();

  function due(appId: string, outcome: 'used' | 'failed', now: number): boolean {
    const last = lastWrite.get(appId);
    if (last && last.outcome === outcome && now - last.at < everyMs) return false;
    lastWrite.set(appId, { outcome, at: now });
    return true;
  }

  return {
    used(appId: string): void {
      const now = options.clock.now();
      if (due(appId, 'used', now.getTime())) options.credentials.used(appId, now.toISOString());
    },
    failed(appId: string, errorClass: string): void {
      const now = options.clock.now();
      if (due(appId, 'failed', now.getTime()))
        options.credentials.failed(appId, now.toISOString(), errorClass);
    },
    /** A new credential starts with a clean slate. */
    reset(appId: string): void {
      lastWrite.delete(appId);
    },
  };
}

export type CredentialUsage = ReturnType<typeof createCredentialUsage>;
