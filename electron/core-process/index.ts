// The core's home in the desktop app: an Electron utility process (forked by
// electron/main/core-host.ts), so synchronous SQLite work never blocks the main
// process that owns the windows (docs/conventions.md#storage). Talks to main only through
// process.parentPort; see protocol.ts.
import { homedir } from 'node:os';
import type { Core } from '../../core/host/core.ts';
import { consoleLogger } from '../../core/host/system-ports.ts';
import { openCore } from '../../core/host/open-core.ts';
import { resolveWorkspaceDir } from '../../core/host/workspace-location.ts';
import { runDemoWorkspace } from '../../core/demo/run-demo-workspace.ts';
import { runSchedulesWhenFree } from '../../core/host/wait-for-schedules.ts';
import { serveCore, serveFailure, type ParentPortLike } from './serve-core.ts';

const port = (process as unknown as { parentPort?: ParentPortLike | null }).parentPort;
if (!port) {
  console.error(
    'The Patchbay core process must be started by the Patchbay app (as an Electron utility process).',
  );
  process.exit(2);
}

const logger = consoleLogger;
// Main passes `--workspace DIR` explicitly; the same rules apply if it is run by hand.
const workspaceDir = resolveWorkspaceDir({
  argv: process.argv,
  env: process.env,
  platform: process.platform,
  homeDir: homedir(),
});

let core: Core | undefined;
try {
  // The desktop app runs the flows on their schedules, unless the background service
  // (`patchbay service`) or another Patchbay already does: then it shows the workspace,
  // says who runs them (scheduler.status), and takes over when that one stops.
  core = openCore({ workspaceDir, logger, owner: 'desktop', takeLeaseNow: false, forwardRunsToOwner: true });
} catch (error) {
  logger.error(`Could not open the workspace at ${workspaceDir}`, error);
  const reason = error instanceof Error ? error.message : String(error);
  // Stay up and answer every call with this reason (until main says close), so the
  // window can show why instead of a bare "the core stopped".
  serveFailure(port, `Patchbay could not open the workspace at ${workspaceDir}: ${reason}`, {
    logger,
    exit: (code) => process.exit(code),
  });
}

if (core) {
  // `--demo` (npm start on the demo workspace): the simulated apps run in this process.
  const demo = process.argv.includes('--demo')
    ? await runDemoWorkspace(core, logger).catch((error: unknown) => {
        logger.error("The demo's simulated apps could not start", error);
        return undefined;
      })
    : undefined;
  const stopWaiting = new AbortController();
  const open = core;
  void runSchedulesWhenFree(open, {
    retryMs: 5000,
    signal: stopWaiting.signal,
    waiting: (sentence) => logger.info(`${sentence} The desktop app takes over when it stops.`),
  }).then((running) => {
    if (running) demo?.firstSync();
  });
  const shutdown = serveCore(port, core, {
    logger,
    exit: (code) => {
      stopWaiting.abort();
      void (demo?.stop() ?? Promise.resolve()).finally(() => process.exit(code));
    },
  });
  port.postMessage({ type: 'ready', workspace: core.workspace });
  logger.info(`Patchbay core serving the workspace at ${core.workspace.dir}`);
  // UtilityProcess.kill() sends SIGTERM: still close the database cleanly.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown());
}
