import { runAuditCommand } from './audit-command.ts';
import { usageExitCode } from './cli-args.ts';
import { inWords } from './cli-session.ts';
import { runConnectorCommand } from './connector-command.ts';
import { runFailuresCommand } from './failures-command.ts';
import { runFlowCommand } from './flow-command.ts';
import { runSchedulerCommand } from './scheduler-command.ts';
import { runSecretsCommand } from './secrets-command.ts';
import { runServe } from './serve-command.ts';
import { runServiceCommand } from './service-command.ts';
import { runWorkspaceCommand } from './workspace-command.ts';

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

const commands: Record<string, (args: string[]) => Promise<number>> = {
  serve: runServe,
  scheduler: runSchedulerCommand,
  workspace: runWorkspaceCommand,
  secrets: runSecretsCommand,
  flow: runFlowCommand,
  failures: runFailuresCommand,
  audit: runAuditCommand,
  connector: runConnectorCommand,
  service: runServiceCommand,
};

const [command, ...rest] = process.argv.slice(2);

if (command === undefined || ['help', '--help', '-h'].includes(command)) {
  console.log(usage);
} else if (Object.hasOwn(commands, command)) {
  try {
    process.exitCode = await commands[command]!(rest);
  } catch (error) {
    // A sentence, never a stack trace (PATCHBAY_DEBUG=1 shows it).
    console.error(`Patchbay could not finish "${command}": ${inWords(error)}`);
    process.exitCode = 1;
  }
} else {
  console.error(`Unknown command "${command}".\n\n${usage}`);
  process.exitCode = usageExitCode;
}
