import type { Plugin } from 'vite';

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
        // The entry and what the page names already.
        return [...named]
          .filter((file) => !html.includes(`/${file}"`))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}
