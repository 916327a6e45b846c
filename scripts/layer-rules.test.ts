import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of docs/conventions.md#layers, checked against the real eslint.config.js.
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('layer lint rules', () => {
  it('fail when core/ imports electron, react or the renderer', async () => {
    expect(await layerErrors('core/services/bad.ts', "import 'electron';\n")).toHaveLength(1);
    expect(
      await layerErrors('core/services/bad.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toEqual([expect.stringContaining('core/ runs in plain Node too: it must not import electron.')]);
    expect(
      await layerErrors(
        'core/services/bad.ts',
        "import { useState } from 'react';\nexport const s = useState;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'core/services/bad.ts',
        "import { x } from '../../renderer/src/lib/x.ts';\nexport const y = x;\n",
      ),
    ).toHaveLength(1);
  });

  it('fail when renderer/ imports core runtime code other than the contract', async () => {
    expect(
      await layerErrors(
        'renderer/src/bad.ts',
        "import { openCore } from '../../core/host/create-core.ts';\nexport const o = openCore;\n",
      ),
    ).toHaveLength(1);
    expect(await layerErrors('renderer/src/bad.ts', "import 'electron';\n")).toHaveLength(1);
  });

  it('allow the renderer the contract and types from core', async () => {
    expect(
      await layerErrors(
        'renderer/src/good.ts',
        "import { appInputSchema } from '../../core/contract/apps.ts';\nimport type { Core } from '../../core/host/create-core.ts';\nexport const s = appInputSchema;\nexport type C = Core;\n",
      ),
    ).toEqual([]);
    expect(
      await layerErrors('core/services/good.ts', "import { z } from 'zod';\nexport const s = z.string();\n"),
    ).toEqual([]);
  });

  it('fail when a room of core/ that only computes imports node:*', async () => {
    for (const file of [
      'core/contract/bad.ts',
      'core/engine/bad.ts',
      'core/connectors/manifest/bad.ts',
      'core/reliability/bad.ts',
    ]) {
      expect(
        await layerErrors(file, "import { createHash } from 'node:crypto';\nexport const h = createHash;\n"),
        file,
      ).toEqual([expect.stringContaining('only computes: no node:* here')]);
      // The core-wide rules still hold there.
      expect(await layerErrors(file, "import 'electron';\n"), file).toHaveLength(1);
    }
    // Node rooms, and the pure rooms' tests, may.
    for (const file of ['core/storage/good.ts', 'core/engine/good.test.ts'])
      expect(
        await layerErrors(file, "import { createHash } from 'node:crypto';\nexport const h = createHash;\n"),
        file,
      ).toEqual([]);
  });

  it('fail when electron/main builds a core or opens the database', async () => {
    expect(
      await layerErrors(
        'electron/main/bad.ts',
        "import { createCore } from '../../core/host/create-core.ts';\nexport const c = createCore;\n",
      ),
    ).toEqual([expect.stringContaining('never builds one')]);
    expect(
      await layerErrors(
        'electron/main/bad.ts',
        "import { openCore } from '../../core/host/open-core.ts';\nexport const c = openCore;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'electron/main/bad.ts',
        "import { openDatabase } from '../../core/storage/open-database.ts';\nexport const o = openDatabase;\n",
      ),
    ).toEqual([expect.stringContaining('never opens the workspace database')]);
    expect(
      await layerErrors(
        'electron/main/good.ts',
        "import type { Core } from '../../core/host/create-core.ts';\nexport type C = Core;\n",
      ),
    ).toEqual([]);
  });
});
