import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../host/core.ts';
import { openCore } from '../host/open-core.ts';

/** A real workspace folder in the OS temp dir, removed by `dispose`. */
export function makeTempDir(prefix = 'patchbay-test-'): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestCore {
  core: Core;
  dir: string;
  logged: string[];
  dispose: () => void;
}

/** A core on a real SQLite file in a fresh temp workspace, logging into an array. */
export function openTestCore(): TestCore {
  const { dir, dispose } = makeTempDir();
  const logged: string[] = [];
  const core = openCore({
    workspaceDir: dir,
    logger: { info: (m) => logged.push(m), error: (m, e) => logged.push(`${m}: ${String(e)}`) },
  });
  return {
    core,
    dir,
    logged,
    dispose: () => {
      core.close();
      dispose();
    },
  };
}
