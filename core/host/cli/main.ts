import { usageExitCode } from './cli-args.ts';

const usage = `Usage: patchbay <command> [options]

Commands:
  serve [--port N] [--demo]                     Serve the Patchbay control centre to a browser on this PC
  scheduler                                     Run the flows on their schedules, without a window, until Ctrl+C
  workspace import FILE                         Add or update apps and flows from a workspace file (JSON or YAML)
  workspace export [--out FILE] [--format F]    Write the workspace file (no credentials) to stdout or FILE
  secrets set APP                               Save APP's credential, read from stdin, in the OS keychain
  secrets delete APP                            Forget APP's credential
  flow list                                     List flows: source → target, schedule, why paused
  flow run FLOW [--dry-run]                     Run a flow now (exit 0 all written, 2 some failed, 1 failed)
  flow cursor FLOW [--rewind DATE | --reset] [--dry-run]
                                                Show or move a flow's incremental cursor
  failures list [--flow FLOW] [--json]          List the failures waiting for attention
  failures retry (--all | --flow FLOW | ID…)    Retry failures with the flow's current mapping
  failures resolve ID… --note TEXT              Mark failures resolved (or "failures ignore")
  failures assign ID… (--to NAME | --nobody)    Hand failures to a person
  audit [--kind K] [--text T] [--since D] [--csv]
                                                Who changed what and when (the audit log), or as CSV
  connector list|show ID|add FILE|remove ID|check FILE
                                                The connector catalogue; install your own connector (docs/connectors.md)
  service install|uninstall|status              Run the scheduler as a background service (starts at logon)
  workspace create --workspace DIR              Make a new, empty workspace in DIR
  help                                          Show this help (COMMAND --help shows a command's)

Every command takes --workspace DIR (default: the "default" workspace in Patchbay's
home folder; PATCHBAY_HOME moves that folder). A DIR that does not exist is refused
unless --create makes it. PATCHBAY_KEYCHAIN_SERVICE names the keychain service
credentials are kept under (default "Patchbay").

Exit codes: 0 done, 1 failed, 2 some records failed (flow run, failures retry),
64 the command line did not make sense.`;

type Command = (args: string[]) => Promise<number>;

/**
 * Each command's module is loaded only when it is the one asked for: type-stripping the
 * whole core (the HTTP host, SQLite, every connector) cost each start about a second
 * of CPU, for `--help` and a mistyped command too.
 */
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve-command.ts')).runServe,
  scheduler: async () => (await import('./scheduler-command.ts')).runSchedulerCommand,
  workspace: async () => (await import('./workspace-command.ts')).runWorkspaceCommand,
  secrets: async () => (await import('./secrets-command.ts')).runSecretsCommand,
  flow: async () => (await import('./flow-command.ts')).runFlowCommand,
  failures: async () => (await import('./failures-command.ts')).runFailuresCommand,
  audit: async () => (await import('./audit-command.ts')).runAuditCommand,
  connector: async () => (await import('./connector-command.ts')).runConnectorCommand,
  service: async () => (await import('./service-command.ts')).runServiceCommand,
};

const [command, ...rest] = process.argv.slice(2);

if (command === undefined || ['help', '--help', '-h'].includes(command)) {
  console.log(usage);
} else if (Object.hasOwn(commands, command)) {
  try {
    const run = await commands[command]!();
    process.exitCode = await run(rest);
  } catch (error) {
    // A sentence, never a stack trace (PATCHBAY_DEBUG=1 shows it).
    const { inWords } = await import('./cli-session.ts');
    console.error(`Patchbay could not finish "${command}": ${inWords(error)}`);
    process.exitCode = 1;
  }
} else {
  console.error(`Unknown command "${command}".\n\n${usage}`);
  process.exitCode = usageExitCode;
}
