import { runServe } from './serve-command.ts';

const usage = `Usage: patchbay <command> [options]

Commands:
  serve [--workspace DIR] [--port N] [--demo]   Serve the Patchbay control centre to a browser on this PC
  help                                          Show this help

Every command takes --workspace DIR (default: the "default" workspace in Patchbay's
home folder; PATCHBAY_HOME moves that folder).`;

const [command, ...rest] = process.argv.slice(2);

switch (command) {
  case 'serve':
    process.exitCode = await runServe(rest);
    break;
  case undefined:
  case 'help':
  case '--help':
  case '-h':
    console.log(usage);
    break;
  default:
    console.error(`Unknown command "${command}".\n\n${usage}`);
    process.exitCode = 2;
}
