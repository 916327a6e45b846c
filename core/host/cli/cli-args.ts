import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/**
 * The exit code of a command line that does not make sense: 64, EX_USAGE of sysexits.h.
 * Not 2, which "flow run" and "failures retry" answer when some records failed.
 */
export const usageExitCode = 64;

/** A command line that does not make sense: the command prints it with its usage and exits 64. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--help` (or `-h`, or `help` in place of a subcommand): the command prints its usage and exits 0. */
export class HelpRequested extends Error {
  constructor() {
    super('help');
    this.name = 'HelpRequested';
  }
}

const helpWords = new Set(['--help', '-h', 'help']);

/**
 * Every command takes `--workspace DIR` (resolveWorkspaceDir reads it from the raw
 * arguments), `--create` to make that workspace when the folder does not exist yet,
 * and `--help`.
 */
const commonOptions = {
  workspace: { type: 'string' },
  create: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** node:util parseArgs, strict, with positionals and `--workspace`; a bad line becomes a UsageError. */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(
  args: readonly string[],
  options: O,
) {
  // Asked for help, the rest of the line need not make sense.
  if (args.some((arg) => arg === '--help' || arg === '-h')) throw new HelpRequested();
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, ...commonOptions },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Exactly one positional per name; the message names what is missing or extra. */
export function expectPositionals(positionals: readonly string[], names: readonly string[]): string[] {
  if (positionals.length < names.length)
    throw new UsageError(`Missing ${names.slice(positionals.length).join(' ')}.`);
  if (positionals.length > names.length)
    throw new UsageError(`Unexpected argument "${positionals[names.length]}".`);
  return [...positionals];
}

/** Failure ids as typed on the command line: whole numbers from 1. */
export function parseFailureIds(words: readonly string[]): number[] {
  return words.map((word) => {
    const id = Number(word);
    if (!/^\d+$/.test(word) || !Number.isSafeInteger(id) || id < 1)
      throw new UsageError(`"${word}" is not a failure id; ids are whole numbers such as 12.`);
    return id;
  });
}

/** Splits `group sub rest…` and looks the subcommand up, or explains what exists. */
export function pickSubcommand<T>(
  group: string,
  args: readonly string[],
  subcommands: Readonly<Record<string, T>>,
): { run: T; rest: string[] } {
  const [name, ...rest] = args;
  if (name !== undefined && helpWords.has(name)) throw new HelpRequested();
  if (name === undefined || name.startsWith('-'))
    throw new UsageError(`"patchbay ${group}" needs a subcommand: ${Object.keys(subcommands).join(', ')}.`);
  const run = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (run === undefined)
    throw new UsageError(
      `"${name}" is not a subcommand of "patchbay ${group}"; choose one of ${Object.keys(subcommands).join(', ')}.`,
    );
  return { run, rest };
}
