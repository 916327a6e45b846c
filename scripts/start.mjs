// `npm start`: builds Patchbay, then opens the desktop app where the Electron runtime
// is present (or can be downloaded), and browser mode on the demo workspace where it
// is not. It must never hang or end in a stack trace because Electron is missing.
import { spawn, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `Patchbay needs Node 24 (found ${process.versions.node}). Run "npm install" first, then "npm start".`,
  );
  process.exit(1);
}

console.log('Building Patchbay…');
const build = spawnSync(
  process.execPath,
  [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
if (build.status !== 0) {
  console.error('The build failed (see the messages above). Run "npm install" again, then "npm start".');
  process.exit(1);
}

const { fetchElectronOnce, findElectronBinary } = await import('./electron-binary.ts');
const electronBinary =
  findElectronBinary(root) ?? fetchElectronOnce(root, { say: (line) => console.log(line) });
if (electronBinary) {
  const workspaceArgs =
    args.includes('--workspace') || args.some((a) => a.startsWith('--workspace='))
      ? []
      : await demoWorkspaceArgs();
  console.log('Starting the Patchbay desktop app…');
  run(electronBinary, [root, ...workspaceArgs, ...args]);
} else {
  console.log(
    'The Electron desktop runtime is not installed and could not be downloaded on this machine, so Patchbay is opening in browser mode on the demo workspace instead.',
  );
  const ownWorkspace = args.includes('--workspace') || args.some((a) => a.startsWith('--workspace='));
  const serveArgs = ownWorkspace ? args : ['--demo', ...args];
  const serve = [process.execPath, join(root, 'bin/patchbay.js'), 'serve', ...serveArgs];
  // A Linux machine without a desktop session has no keychain. The demo saves its
  // simulated apps' credentials at every start, so a private keyring for this run is
  // enough for it; a real workspace is left to say plainly that the keychain is missing.
  if (!ownWorkspace && process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
    console.log(
      'No desktop keychain here: the demo keeps its sample credentials in a private keyring for this run.',
    );
    run('bash', [join(root, 'scripts/with-keyring.sh'), ...serve]);
  } else {
    run(serve[0], serve.slice(1));
  }
}

async function demoWorkspaceArgs() {
  const { namedWorkspaceDir } = await import('../core/host/workspace-location.ts');
  const { openCore } = await import('../core/host/create-core.ts');
  const { seedDemoWorkspace } = await import('../core/demo/seed-demo-workspace.ts');
  const dir = namedWorkspaceDir({ env: process.env, platform: process.platform, homeDir: homedir() }, 'demo');
  const core = openCore({ workspaceDir: dir });
  try {
    await seedDemoWorkspace(core);
  } finally {
    core.close();
  }
  return ['--workspace', dir, '--demo'];
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}
