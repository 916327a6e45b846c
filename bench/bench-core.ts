// A Patchbay core on a fresh temp workspace for a measured job, called through its public
// API (`call` throws the API's error in words), removed again by `dispose`.
import { openCore } from '../core/host/open-core.ts';
import type { SecretStore } from '../core/secrets/secret-store.ts';
import { makeTempDir } from '../core/testing/temp-workspace.ts';

export function openBenchCore(secrets: SecretStore, prefix = 'patchbay-bench-') {
  const { dir, dispose } = makeTempDir(prefix);
  const core = openCore({
    workspaceDir: dir,
    secrets,
    logger: { info: () => {}, error: (message) => process.stderr.write(`${message}\n`) },
  });
  const call = async <T>(name: string, args: unknown): Promise<T> => {
    const result = await core.invoke(name, args);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as T;
  };
  return {
    call,
    dispose() {
      core.close();
      dispose();
    },
  };
}
