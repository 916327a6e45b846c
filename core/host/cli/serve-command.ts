import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runDemoWorkspace } from '../../demo/run-demo-workspace.ts';
import { consoleLogger } from '../system-ports.ts';
import { openCore } from '../open-core.ts';
import { startHttpHost } from '../http-host.ts';
import { namedWorkspaceDir, resolveWorkspaceDir } from '../workspace-location.ts';
import { usageExitCode } from './cli-args.ts';
import { CommandFailure, keychainFromEnv, openFailure, workspaceDirOf } from './cli-session.ts';

const serveUsage = `Usage: patchbay serve [--workspace DIR [--create]] [--port N] [--demo [--no-first-sync]]

Serves the control centre to a browser on this PC until Ctrl+C. --demo opens the demo
workspace (made on its first start) with simulated apps; --port 0 picks a free port.`;

const rendererDir = join(import.meta.dirname, '..', '..', '..', 'out', 'renderer');

/** `patchbay serve`: browser mode until SIGINT/SIGTERM, which close the database cleanly. */
export async function runServe(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(serveUsage);
    return 0;
  }
  let values: {
    workspace?: string | undefined;
    port?: string | undefined;
    demo?: boolean | undefined;
    'first-sync'?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        workspace: { type: 'string' },
        create: { type: 'boolean' },
        port: { type: 'string' },
        demo: { type: 'boolean' },
        // A new demo syncs once at start; tests that start from "never run" pass --no-first-sync.
        'first-sync': { type: 'boolean', default: true },
      },
      allowNegative: true,
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${serveUsage}`);
    return usageExitCode;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(
      `--port must be a whole number from 0 to 65535 (0 picks a free port); got "${values.port}".`,
    );
    return usageExitCode;
  }
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(
      'The Patchbay user interface has not been built yet. Run "npm run build" first (npm start does it for you).',
    );
    return 1;
  }

  const location = { argv: args, env: process.env, platform: process.platform, homeDir: homedir() };
  let workspaceDir: string;
  try {
    // The demo makes its workspace; any other named folder must exist (or --create).
    workspaceDir = values.demo
      ? values.workspace === undefined
        ? namedWorkspaceDir(location, 'demo')
        : resolveWorkspaceDir(location)
      : workspaceDirOf(args);
  } catch (error) {
    if (!(error instanceof CommandFailure)) throw error;
    console.error(error.message);
    return 1;
  }

  let core;
  try {
    // Browser mode runs the flows on their schedules: it owns the workspace's runs, or says who does.
    core = openCore({ workspaceDir, secrets: keychainFromEnv(process.env, workspaceDir), owner: 'serve' });
  } catch (error) {
    console.error(openFailure(workspaceDir, error));
    return 1;
  }
  let demo: { stop(): Promise<void>; firstSync(): void } | undefined;
  if (values.demo) {
    try {
      demo = await runDemoWorkspace(core, consoleLogger);
    } catch (error) {
      console.error(`The demo's simulated apps could not start: ${(error as Error).message}`);
    }
  }
  // Browser mode is the whole control centre, schedules included.
  core.startScheduler();
  if (values['first-sync']) demo?.firstSync();

  let host;
  try {
    host = await startHttpHost({ core, port, staticDir: rendererDir });
  } catch (error) {
    await core.shutdown();
    await demo?.stop();
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === 'EADDRINUSE'
        ? `Port ${port} is already in use. Choose another with --port, or leave it out to pick a free one.`
        : `Could not start the server: ${(error as Error).message}`,
    );
    return 1;
  }

  core.advertiseApi(`http://127.0.0.1:${host.port}`);

  // Listen for the stop signals before printing the link: a script that reads the link
  // and stops us at once must still get a clean close.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`Stopping (${signal})…`);
      host
        .close()
        .then(() => core.shutdown())
        .then(() => demo?.stop())
        .then(() => {
          console.log('Stopped; the workspace database is closed.');
        })
        .finally(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  console.log(`Patchbay is serving the workspace "${core.workspace.name}" (${core.workspace.dir}).`);
  console.log(`Open this link in a browser on this PC: ${host.url}`);
  console.log('Press Ctrl+C to stop.');
  await stopped;
  return 0;
}
