import type { AppRepository } from './repositories.ts';
import type { Health } from '../contract/health.ts';

export interface HealthServiceOptions {
  readonly version: string;
  readonly workspace: { name: string; dir: string };
  readonly schemaVersion: number;
  readonly apps: AppRepository;
}

export function createHealthService(options: HealthServiceOptions) {
  return {
    get: (): Health => ({
      status: 'ok',
      version: options.version,
      workspace: options.workspace,
      schemaVersion: options.schemaVersion,
      appCount: options.apps.count(),
    }),
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
