// Builds the native addons (better-sqlite3) for the Node that runs this script.
//
// npm runs dependency install scripts only when package.json's allowScripts says so,
// and on these machines npm itself runs on the system Node (20) with a user config
// pointing node-gyp at Node 20's headers. Building here instead, with the project's
// own Node 24 (npm scripts put node_modules/.bin first on PATH) and the headers that
// ship in the `node-<platform>-<arch>` package, gives a binary for the Node that
// runs Patchbay and its tests. Idempotent: it only builds when loading fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const major = Number(process.versions.node.split('.')[0]);

if (major < 22) {
  console.error(
    `Patchbay needs Node 24, but this is Node ${process.versions.node}. ` +
      'Run it through npm (npm install, npm test, npm start), which uses the Node 24 installed in node_modules.',
  );
  process.exit(1);
}

function loads(moduleName) {
  try {
    if (moduleName === 'better-sqlite3') {
      const Database = require('better-sqlite3');
      new Database(':memory:').close();
    } else {
      require(moduleName);
    }
    return true;
  } catch {
    return false;
  }
}

function headersDir() {
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const dir = join(root, 'node_modules', pkg);
  return existsSync(join(dir, 'include', 'node', 'node.h')) ? dir : undefined;
}

function build(moduleName) {
  const moduleDir = dirname(require.resolve(`${moduleName}/package.json`));
  const gyp = require.resolve('node-gyp/bin/node-gyp.js');
  const nodedir = headersDir();
  const args = [gyp, 'rebuild', '--release', `--directory=${moduleDir}`];
  if (nodedir) args.push(`--nodedir=${nodedir}`);
  console.log(
    `Building ${moduleName} for Node ${process.versions.node} (this takes a minute or two the first time)…`,
  );
  const result = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd: moduleDir,
  });
  if (result.status !== 0) {
    console.error(
      `Could not build ${moduleName}. It needs python3, make and a C++ compiler (Debian: apt-get install python3 make g++).`,
    );
    process.exit(1);
  }
}

const target = process.argv[2] ?? 'node';
if (target !== 'node') {
  console.error(`Unknown target "${target}". Usage: node scripts/ensure-native.mjs node`);
  process.exit(2);
}

for (const moduleName of ['better-sqlite3']) {
  if (loads(moduleName)) continue;
  build(moduleName);
  if (!loads(moduleName)) {
    console.error(`${moduleName} was built but still does not load in Node ${process.versions.node}.`);
    process.exit(1);
  }
}
