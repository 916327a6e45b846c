import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// No import circle in core/ (docs/conventions.md#layers): a circle makes module load
// order matter and hides which part depends on which. Imports are read by TypeScript's
// own pre-processor, so comments and strings that look like imports do not count.

const root = new URL('..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Each file's relative imports (type-only ones too: they tie the modules as much). */
function importGraph(files: readonly string[], read: (file: string) => string): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(read(file), true, false);
      const targets = importedFiles
        .map((imported) => imported.fileName)
        .filter((name) => name.startsWith('.'))
        .map((name) => resolve(dirname(file), name))
        .filter((target) => known.has(target));
      return [file, targets];
    }),
  );
}

/** Every circle found by a depth-first walk, each as the files around it. */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('imports in core/', () => {
  it('form no circle', () => {
    const files = sourceFiles(join(root, 'core'));
    const graph = importGraph(files, (file) => readFileSync(file, 'utf8'));
    // The graph is real: most files import others.
    expect([...graph.values()].filter((targets) => targets.length > 0).length).toBeGreaterThan(
      files.length / 2,
    );
    expect(circles(graph).map((circle) => circle.map((file) => relative(root, file)).join(' → '))).toEqual(
      [],
    );
  });

  it('are checked by a walk that finds a circle, type imports included', () => {
    const files = ['/x/a.ts', '/x/b.ts', '/x/c.ts'];
    const sources: Record<string, string> = {
      '/x/a.ts': "import { b } from './b.ts';\n",
      '/x/b.ts': "// import { a } from './a.ts';\nimport type { C } from './c.ts';\n",
      '/x/c.ts': "export { a } from './a.ts';\n",
    };
    expect(circles(importGraph(files, (file) => sources[file]!))).toEqual([files]);
  });
});
