import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { workspaceFileLimits } from '../../contract/workspace.ts';
import { expectPositionals, parseCommandArgs, pickSubcommand, UsageError } from './cli-args.ts';
import { call, CommandFailure, runCommand, withWorkspace } from './cli-session.ts';
import { plural } from './cli-text.ts';
import {
  formatOfFileName,
  formatWorkspaceText,
  parseWorkspaceText,
  workspaceFileFormats,
  type WorkspaceFileFormat,
} from './workspace-file-format.ts';

export const workspaceUsage = `Usage:
  patchbay workspace import FILE [--allow-host-change] [--workspace DIR]
  patchbay workspace export [--out FILE] [--format json|yaml] [--workspace DIR]

A workspace file holds apps, flows and schedules, never credentials (docs/workspace-format.md).
An import that moves an app with a saved credential to another address is refused
unless --allow-host-change confirms it.`;

/** `patchbay workspace import|export`. */
export function runWorkspaceCommand(args: readonly string[]): Promise<number> {
  return runCommand(workspaceUsage, () => {
    const { run, rest } = pickSubcommand('workspace', args, {
      import: importWorkspace,
      export: exportWorkspace,
    });
    return run(rest);
  });
}

async function importWorkspace(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { 'allow-host-change': { type: 'boolean' } });
  const [file] = expectPositionals(positionals, ['FILE']) as [string];
  const allowHostChange = values['allow-host-change'] === true;
  // Read and parse before opening the workspace: a file that is not even JSON changes nothing.
  const document = parseWorkspaceText(readText(file), formatOfFileName(file), file);
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

/**
 * The file's text, reading at most the documented limit (so `/dev/zero` or a 4 GB
 * file is refused after 5 MB, not after filling memory).
 */
function readText(file: string): string {
  const limit = workspaceFileLimits.bytes;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CommandFailure(
      code === 'ENOENT'
        ? `There is no file at ${file}. Check the path and try again.`
        : `Could not read ${file}: ${(error as Error).message}`,
    );
  }
  try {
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    while (length <= limit) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > limit)
      throw new CommandFailure(
        `${file} is larger than a workspace file can be (${limit / 1024 / 1024} MB). Nothing was imported.`,
      );
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    throw new CommandFailure(`Could not read ${file}: ${(error as Error).message}`);
  } finally {
    closeSync(fd);
  }
}
