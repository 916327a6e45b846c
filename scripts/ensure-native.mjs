// Makes sure the native addons (better-sqlite3, keytar) load in the Node that runs
// Patchbay, and builds them if not.
//
// Both are N-API addons, so one build serves Node and Electron alike; better-sqlite3
// ships prebuilt binaries and keytar builds at install (it needs libsecret on Linux).
// npm itself may run on an older system Node whose headers a user config points
// node-gyp at; a rebuild here uses the project's own Node 24 (npm scripts put
// node_modules/.bin first on PATH) and the headers shipped in `node-<platform>-<arch>`.
// Idempotent: it builds only when loading fails.
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
      `Could not build ${moduleName}. It needs python3, make, a C++ compiler and, for keytar, libsecret ` +
        '(Debian: apt-get install python3 make g++ libsecret-1-dev).',
    );
    process.exit(1);
  }
}

const target = process.argv[2] ?? 'node';
if (target !== 'node') {
  console.error(`Unknown target "${target}". Usage: node scripts/ensure-native.mjs node`);
  process.exit(2);
}

for (const moduleName of ['better-sqlite3', 'keytar']) {
  if (loads(moduleName)) continue;
  build(moduleName);
  if (!loads(moduleName)) {
    console.error(`${moduleName} was built but still does not load in Node ${process.versions.node}.`);
    process.exit(1);
  }
}
