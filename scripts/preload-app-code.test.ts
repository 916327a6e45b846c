import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// The built renderer (`npm run build`, as the test command runs it first): the page names
// the app's shared code, and those files, only those, open with V8's compile hint.
const built = new URL('../out/renderer/', import.meta.url).pathname;
const hint = '//# allFunctionsCalledOnLoad\n';

it("names the app's shared code in the page, and only those files are compiled as they arrive", () => {
  expect(existsSync(join(built, 'index.html')), 'run "npm run build" before the unit tests').toBe(true);
  const html = readFileSync(join(built, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  // The entry, the app (React, the router) and the queries the first views share.
  expect(named.length).toBeGreaterThanOrEqual(3);
  expect(named.some((file) => /\/app-[^/]+\.js$/.test(file))).toBe(true);
  for (const file of named) expect(readFileSync(join(built, file), 'utf8').startsWith(hint), file).toBe(true);

  // A view's own code (the map's layout library among them) is compiled only as it is called.
  const views = readdirSync(join(built, 'assets')).filter((file) => /-view-[^/]+\.js$/.test(file));
  expect(views.length).toBeGreaterThan(5);
  for (const file of views)
    expect(readFileSync(join(built, 'assets', file), 'utf8').startsWith(hint), file).toBe(false);
});
