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
export const builtPatchbayJob = fileURLToPath(new URL('./.build/patchbay-job.mjs', import.meta.url));

export async function buildPatchbayJob(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: fileURLToPath(new URL('./patchbay-job.ts', import.meta.url)),
      outDir: buildDir,
      emptyOutDir: true,
      target: 'node24',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'patchbay-job.mjs' } },
    },
  });
  return builtPatchbayJob;
}
