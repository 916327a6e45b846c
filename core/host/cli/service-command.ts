import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseFileName } from '../open-core.ts';
import { osService } from '../service/os-service.ts';
import { serviceEnvironment } from '../service/service-spec.ts';
import { resolveWorkspaceDir } from '../workspace-location.ts';
import { expectPositionals, parseCommandArgs, pickSubcommand } from './cli-args.ts';
import { call, runCommand, withWorkspace } from './cli-session.ts';

export const serviceUsage = `Usage:
  patchbay service install [--workspace DIR]    Run "patchbay scheduler" for the workspace as a background
                                                service: a systemd user unit (Linux), a launch agent (macOS)
                                                or a Task Scheduler task at logon (Windows)
  patchbay service uninstall [--workspace DIR]  Stop the service and remove it
  patchbay service status [--workspace DIR]     Whether it is installed and running, and who runs the
                                                workspace's schedules now

One scheduler runs a workspace at a time: while the service runs it, the desktop app
shows the workspace and says so. PATCHBAY_SECRETS_KEY_FILE, PATCHBAY_KEYCHAIN_SERVICE and
the proxy variables set when installing are kept in the service (Linux and macOS).`;

const patchbayScript = fileURLToPath(new URL('../../../bin/patchbay.js', import.meta.url));

/** `patchbay service install|uninstall|status`. */
export function runServiceCommand(args: readonly string[]): Promise<number> {
  return runCommand(serviceUsage, () => {
    if (args.includes('--help') || args.includes('-h')) {
      console.log(serviceUsage);
      return Promise.resolve(0);
    }
    const { run, rest } = pickSubcommand('service', args, { install, uninstall, status });
    expectPositionals(parseCommandArgs(rest, {}).positionals, []);
    const workspaceDir = resolveWorkspaceDir({
      argv: rest,
      env: process.env,
      platform: process.platform,
      homeDir: homedir(),
    });
    const service = osService(workspaceDir, {
      platform: process.platform,
      env: process.env,
      homeDir: homedir(),
      uid: process.getuid?.() ?? 0,
    });
    return run(service, workspaceDir, rest);
  });
}

type Subcommand = (
  service: ReturnType<typeof osService>,
  workspaceDir: string,
  args: readonly string[],
) => Promise<number>;

const install: Subcommand = async (service, workspaceDir) => {
  const lines = service.install({
    workspaceDir,
    program: [process.execPath, patchbayScript],
    environment: serviceEnvironment(process.env),
  });
  console.log([`Patchbay's scheduler for ${workspaceDir}:`, ...lines].join('\n'));
  return 0;
};

const uninstall: Subcommand = async (service) => {
  console.log(service.uninstall().join('\n'));
  return 0;
};

const status: Subcommand = async (service, workspaceDir, args) => {
  const lines = service.status();
  if (!existsSync(join(workspaceDir, databaseFileName))) {
    lines.push(`There is no workspace at ${workspaceDir} yet.`);
  } else {
    const runBy = await withWorkspace(
      args,
      async (core) => (await call(core, 'scheduler.status', {})).runElsewhere,
    ).then(
      (sentence) => sentence ?? "No Patchbay is running this workspace's schedules right now.",
      (error: unknown) => `Could not look into the workspace: ${(error as Error).message}`,
    );
    lines.push(runBy);
  }
  console.log(lines.join('\n'));
  return 0;
};
