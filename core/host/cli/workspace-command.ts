import { writeFileSync } from 'node:fs';
import { workspaceFileLimits } from '../../contract/workspace.ts';
import { expectPositionals, parseCommandArgs, pickSubcommand, UsageError } from './cli-args.ts';
import { call, CommandFailure, runCommand, withWorkspace } from './cli-session.ts';
import { plural } from './cli-text.ts';
import { readLimitedText } from './read-limited-text.ts';
import {
  formatOfFileName,
  formatWorkspaceText,
  parseWorkspaceText,
  workspaceFileFormats,
  type WorkspaceFileFormat,
} from './workspace-file-format.ts';

export const workspaceUsage = `Usage:
  patchbay workspace create --workspace DIR
  patchbay workspace import FILE [--allow-host-change] [--workspace DIR [--create]]
  patchbay workspace export [--out FILE] [--format json|yaml] [--workspace DIR]

Every command refuses a --workspace folder that does not exist (most likely a typing
mistake); "workspace create", or --create on any command, makes a new workspace there.
A workspace file holds apps, flows and schedules, never credentials (docs/workspace-format.md).
An import that moves an app with a saved credential to another address is refused
unless --allow-host-change confirms it.`;

/** `patchbay workspace import|export`. */
export function runWorkspaceCommand(args: readonly string[]): Promise<number> {
  return runCommand(workspaceUsage, () => {
    const { run, rest } = pickSubcommand('workspace', args, {
      create: createWorkspace,
      import: importWorkspace,
      export: exportWorkspace,
    });
    return run(rest);
  });
}

async function createWorkspace(args: readonly string[]): Promise<number> {
  expectPositionals(parseCommandArgs(args, {}).positionals, []);
  if (!args.some((arg) => arg === '--workspace' || arg.startsWith('--workspace=')))
    throw new UsageError('Say where with --workspace DIR.');
  return withWorkspace([...args, '--create'], async (core) => {
    console.log(`The workspace "${core.workspace.name}" is ready at ${core.workspace.dir}.`);
    return 0;
  });
}

async function importWorkspace(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { 'allow-host-change': { type: 'boolean' } });
  const [file] = expectPositionals(positionals, ['FILE']) as [string];
  const allowHostChange = values['allow-host-change'] === true;
  // Read and parse before opening the workspace: a file that is not even JSON changes nothing.
  const document = parseWorkspaceText(
    readLimitedText(file, { bytes: workspaceFileLimits.bytes, what: 'a workspace file' }),
    formatOfFileName(file),
    file,
  );
  return withWorkspace(args, async (core) => {
    const summary = await call(core, 'workspace.import', { document, allowHostChange }).catch(
      (error: unknown) => {
        throw error instanceof CommandFailure
          ? new CommandFailure(`${error.message}\nNothing was imported.`)
          : error;
      },
    );
    console.log(
      `Imported ${file} into the workspace "${core.workspace.name}": ` +
        `${plural(summary.appsCreated, 'app')} created, ${summary.appsUpdated} updated; ` +
        `${plural(summary.flowsCreated, 'flow')} created, ${summary.flowsUpdated} updated.`,
    );
    // A connector from a file decides where an app's credential goes: say where.
    for (const c of summary.connectorsInstalled)
      console.log(
        `${c.change === 'installed' ? 'Installed' : 'Updated'} the connector ${c.id} (version ${c.version}) from the file; it sends requests only to ${c.hosts.join(', ')}.`,
      );
    const connected = (await call(core, 'apps.list', {})).filter((app) => app.connector);
    if (connected.length > 0)
      console.log(
        'Workspace files carry no credentials. Save each connected app\'s with "patchbay secrets set APP" ' +
          `(${connected.map((app) => app.name).join(', ')}).`,
      );
    return 0;
  });
}

async function exportWorkspace(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    out: { type: 'string' },
    format: { type: 'string' },
  });
  expectPositionals(positionals, []);
  const format = values.format ?? (values.out === undefined ? 'json' : formatOfFileName(values.out));
  if (!isFormat(format)) throw new UsageError(`--format must be json or yaml; got "${format}".`);
  return withWorkspace(args, async (core) => {
    const document = await call(core, 'workspace.export', {});
    const text = formatWorkspaceText(document, format);
    if (values.out === undefined) {
      process.stdout.write(text);
      return 0;
    }
    try {
      writeFileSync(values.out, text);
    } catch (error) {
      throw new CommandFailure(`Could not write ${values.out}: ${(error as Error).message}`);
    }
    console.log(
      `Exported the workspace "${core.workspace.name}" to ${values.out}: ` +
        `${plural(document.apps.length, 'app')}, ${plural(document.flows.length, 'flow')}. It holds no credentials.`,
    );
    return 0;
  });
}

function isFormat(format: string): format is WorkspaceFileFormat {
  return (workspaceFileFormats as readonly string[]).includes(format);
}
