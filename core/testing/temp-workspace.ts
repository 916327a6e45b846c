import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PatchbayClient } from '../contract/client.ts';
import { clientFor } from '../host/core-client.ts';
import type { Core } from '../host/core.ts';
import { openCore } from '../host/open-core.ts';
import type { SecretStore } from '../secrets/secret-store.ts';

/** A real workspace folder in the OS temp dir, removed by `dispose`. */
export function makeTempDir(prefix = 'patchbay-test-'): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestCore {
  core: Core;
  dir: string;
  logged: string[];
  /** Calls an API method, typed by the contract: answers its value or throws the `ApiError`. */
  call: PatchbayClient['call'];
  dispose: () => void;
}

/**
 * A core on a real SQLite file in a fresh temp workspace, logging into an array.
 * Credentials go to the OS keychain unless `secrets` says where (an `InMemorySecretStore`
 * for tests that are not about the keychain).
 */
export function openTestCore(options: { secrets?: SecretStore } = {}): TestCore {
  const { dir, dispose } = makeTempDir();
  const logged: string[] = [];
  const core = openCore({
    workspaceDir: dir,
    logger: { info: (m) => logged.push(m), error: (m, e) => logged.push(`${m}: ${String(e)}`) },
    ...(options.secrets ? { secrets: options.secrets } : {}),
  });
  return {
    core,
    dir,
    logged,
    call: clientFor(core).call,
    dispose: () => {
      core.close();
      dispose();
    },
  };
}
