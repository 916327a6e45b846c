import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { preloadAppCode } from './scripts/preload-app-code.ts';

// Three bundles: the main process (with the utility process that hosts the core as a
// second entry), the sandboxed preload (CommonJS: sandboxed preloads cannot load ESM),
// and the renderer, which browser mode serves too.
export default defineConfig(({ mode }) => ({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          'core-process': resolve('electron/core-process/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), preloadAppCode(resolve('renderer/src/app.tsx'))],
    // React Router's package.json points every import at its development build
    // (remix-run/react-router#12532, #14102), so without this the production renderer
    // runs the router's debug checks and warnings as every window opens (issue 17). Its
    // production build ships beside it; the development server keeps the warnings.
    ...(mode === 'production' && {
      resolve: {
        alias: [
          {
            find: /^react-router$/,
            replacement: resolve('node_modules/react-router/dist/production/index.mjs'),
          },
        ],
      },
    }),
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; browser mode loads it over the
      // network and Chromium parses it before the first view shows (issue 17: the entry
      // was 1 MB, most of the time to the first rows on a busy machine).
      minify: true,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
}));
