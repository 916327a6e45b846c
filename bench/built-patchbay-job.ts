// The Patchbay job runs as the app runs the core: one built JavaScript file, as
// electron-vite builds the shell's core process (out/main/core-process.js), not the
// TypeScript sources through Node's type stripper. The stripper and a module record per
// source file cost the measured process ~10 MB of heap and its start-up, which the
// product never pays (bench/README.md, "Memory"). Dependencies stay outside the bundle,
// as in the shell's build. The file sits two folders below the repository, as the
// shell's does, so `core/host/version.ts` finds package.json at the same relative path.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const buildDir = fileURLToPath(new URL('./.build', import.meta.url));
export const builtPatchbayJob = fileURLToPath(new URL('./.build/patchbay-job.js', import.meta.url));
/** heap-snapshots.ts built too, so `--heap-snapshots` does not bring the type stripper back into the job. */
export const builtHeapSnapshots = fileURLToPath(new URL('./.build/heap-snapshots.js', import.meta.url));

export async function buildPatchbayJob(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: buildDir,
      emptyOutDir: true,
      target: 'node24',
      minify: false,
      rollupOptions: {
        input: {
          'patchbay-job': fileURLToPath(new URL('./patchbay-job.ts', import.meta.url)),
          'heap-snapshots': fileURLToPath(new URL('./heap-snapshots.ts', import.meta.url)),
        },
        // Chunks beside the entries: core/host/version.ts finds package.json two folders up.
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
  return builtPatchbayJob;
}
