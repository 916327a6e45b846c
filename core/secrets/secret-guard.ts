import type { Core } from '../host/core.ts';
import type { Logger } from '../ports.ts';
import { KnownSecrets } from './known-secrets.ts';
import { redactingCore } from './redacting-core.ts';
import { redactingLogger } from './redacting-logger.ts';
import { SealedSecretStore } from './sealed-secret-store.ts';
import type { SecretStore } from './secret-store.ts';

/**
 * How a workspace keeps its secrets: large values sealed in the workspace (their key in
 * the keychain), and every value read or saved remembered in memory only, so that the
 * log and everything the core answers or pushes can be masked of it.
 */
export function guardSecrets(options: {
  readonly keychain: SecretStore;
  readonly workspaceDir: string;
  readonly logger: Logger;
}) {
  const known = new KnownSecrets();
  return {
    secrets: new SealedSecretStore({ inner: options.keychain, workspaceDir: options.workspaceDir, known }),
    logger: redactingLogger(options.logger, known),
    core: (core: Core): Core => redactingCore(core, known),
  };
}
