import { utilityProcess } from 'electron';
import { coreNodeFlags, coreProcessEnv } from '../../core/host/core-process-flags.ts';
import type { Logger } from '../../core/ports.ts';
import { connectCore, type CoreHost } from './core-connection.ts';

export interface StartCoreHostOptions {
  /** The built utility-process entry (out/main/core-process.js). */
  readonly modulePath: string;
  readonly workspaceDir: string;
  /** Run the demo's simulated apps in the core process (npm start on the demo workspace). */
  readonly demo?: boolean;
  readonly logger: Logger;
}

/**
 * Starts the core in an Electron utility process (docs/conventions.md#storage: better-sqlite3
 * is synchronous, so it must not run in the main process that owns the windows) and
 * connects to it. Must be called after app `ready`.
 * https://www.electronjs.org/docs/latest/api/utility-process
 */
export function startCoreHost(options: StartCoreHostOptions): CoreHost {
  const args = ['--workspace', options.workspaceDir, ...(options.demo ? ['--demo'] : [])];
  const child = utilityProcess.fork(options.modulePath, args, {
    serviceName: 'Patchbay core',
    stdio: 'inherit',
    // Node's own flags and malloc's settings for the core's process: a sync's memory (core-process-flags.ts).
    execArgv: [...coreNodeFlags],
    env: { ...process.env, ...coreProcessEnv },
  });
  child.on('error', (type, location) =>
    options.logger.error(`The Patchbay core process failed (${type} at ${location})`),
  );
  return connectCore(
    {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.on('exit', listener),
      kill: () => void child.kill(),
    },
    { logger: options.logger },
  );
}
