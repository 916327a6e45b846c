import type { Plugin, Rollup } from 'vite';

/** The app's chunk and those it imports statically, by file name. */
function appCodeChunks(bundle: Rollup.OutputBundle, appModule: string): Set<string> {
  const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
  const app = chunks.find((c) => c.facadeModuleId === appModule);
  if (!app) throw new Error(`No chunk of the build holds ${appModule}.`);
  const named = new Set<string>();
  const visit = (fileName: string) => {
    if (named.has(fileName)) return;
    named.add(fileName);
    chunks.find((c) => c.fileName === fileName)?.imports.forEach(visit);
  };
  visit(app.fileName);
  return named;
}

/**
 * V8's explicit compile hint (Chromium 136+, so Electron's renderer and Debian's
 * Chromium): every function of the file is compiled as the file arrives, on a
 * background thread, instead of on the main thread the first time it is called. Nearly
 * all of the app's shared code (React, the router, the queries) runs as the first view
 * draws; in traced openings of the Failures view the main thread's time in React and
 * the app went from 42–44 ms to 27–34 ms (bench/README.md).
 */
const compileEagerly = '//# allFunctionsCalledOnLoad\n';

/**
 * Names the app's shared code in the built page (`<link rel="modulepreload">`), so the
 * browser asks for it as it reads the page rather than once the small entry has been
 * fetched and run and asks for it (renderer/src/main.tsx): on a first opening the app
 * (React, the router, the queries: ~350 kB) arrived only after that round trip (issue
 * 17). `appModule` is the module the entry imports; its chunk and the chunks it imports
 * statically are named, not the views', which the entry asks for by address.
 */
export function preloadAppCode(appModule: string): Plugin {
  return {
    name: 'patchbay:preload-app-code',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return html;
        // The entry and what the page names already.
        return [...appCodeChunks(bundle, appModule)]
          .filter((file) => !html.includes(`/${file}"`))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
            injectTo: 'head' as const,
          }));
      },
    },
    // After minifying, which would drop the comment. The file's name was made from its
    // content without the hint; every build adds the same hint to the same content, so
    // a name still always means the same bytes.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const fileName of appCodeChunks(bundle, appModule)) {
          const chunk = bundle[fileName];
          if (chunk?.type === 'chunk') chunk.code = compileEagerly + chunk.code;
        }
      },
    },
  };
}
