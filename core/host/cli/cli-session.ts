import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ApiErrorData } from '../../contract/errors.ts';
import type { MethodName } from '../../contract/method-names.ts';
import type { MethodInput, MethodOutput } from '../../contract/methods.ts';
import { KeytarSecretStore } from '../../secrets/keytar-secret-store.ts';
import {
  KeyFileSecretStore,
  readSecretsKeyFile,
  secretsKeyFileVariable,
} from '../../secrets/key-file-secret-store.ts';
import { secretService, type SecretStore } from '../../secrets/secret-store.ts';
import type { Logger } from '../../ports.ts';
import { WorkspaceBusyError } from '../../services/workspace-lease.ts';
import type { Core } from '../core.ts';
import { openCore } from '../open-core.ts';
import { resolveWorkspaceDir, workspaceFlag } from '../workspace-location.ts';
import { HelpRequested, UsageError, usageExitCode } from './cli-args.ts';

/** A command that ran but could not do its job (an API error, a file it cannot read): exit 1. */
export class CommandFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailure';
  }
}

/**
 * The OS keychain under PATCHBAY_KEYCHAIN_SERVICE (default "Patchbay"), so tests and
 * scripts can work in a throw-away keychain service without touching real credentials.
 * On a server without a desktop keychain, PATCHBAY_SECRETS_KEY_FILE opts in to
 * credentials sealed in the workspace with the administrator's key file.
 */
export function keychainFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  workspaceDir: string,
): SecretStore {
  const keyFile = env[secretsKeyFileVariable];
  if (keyFile)
    return new KeyFileSecretStore({ key: readSecretsKeyFile(keyFile), dir: join(workspaceDir, 'secrets') });
  return new KeytarSecretStore(env.PATCHBAY_KEYCHAIN_SERVICE || secretService);
}

// Log lines go to stderr so that stdout carries only the command's answer
// (`workspace export` and `--json` output stay machine-readable). A person at a
// terminal reads sentences, never a stack trace; PATCHBAY_DEBUG=1 adds the stacks.
export const stderrLogger: Logger = {
  info: (message) => console.error(message),
  error: (message, error) => console.error(message, inWords(error)),
};

/** An error as one line for a person (its stack only with PATCHBAY_DEBUG=1). */
export function inWords(error: unknown): string {
  if (!(error instanceof Error)) return String(error ?? '');
  return process.env.PATCHBAY_DEBUG === '1' ? (error.stack ?? error.message) : error.message;
}

/**
 * The workspace folder a command works in: `--workspace DIR`, else the default one. A
 * named folder that does not exist is refused, since it is most likely mistyped and
 * opening it would quietly make an empty workspace; `--create` (or `patchbay workspace
 * create`) makes it on purpose. The default workspace is made on first use.
 */
export function workspaceDirOf(args: readonly string[]): string {
  const dir = resolveWorkspaceDir({
    argv: args,
    env: process.env,
    platform: process.platform,
    homeDir: homedir(),
  });
  if (workspaceFlag(args) !== undefined && !existsSync(dir) && !args.includes('--create'))
    throw new CommandFailure(
      `There is no workspace at ${dir}: the folder does not exist. Check the folder after --workspace; ` +
        `to start a new workspace there, add --create (or run: patchbay workspace create --workspace "${dir}").`,
    );
  return dir;
}

/** Opens the workspace named by `--workspace DIR` (else the default one), runs `work`, closes it. */
export async function withWorkspace<T>(
  args: readonly string[],
  work: (core: Core) => Promise<T>,
): Promise<T> {
  const workspaceDir = workspaceDirOf(args);
  let core: Core;
  try {
    // No lease yet: a command that runs a sync takes it with its first run (or is told who holds it).
    core = openCore({
      workspaceDir,
      secrets: keychainFromEnv(process.env, workspaceDir),
      logger: stderrLogger,
    });
  } catch (error) {
    throw new CommandFailure(openFailure(workspaceDir, error));
  }
  try {
    return await work(core);
  } finally {
    core.close();
  }
}

/** Why a workspace did not open, in one sentence: another owner is named as it is. */
export function openFailure(workspaceDir: string, error: unknown): string {
  if (error instanceof WorkspaceBusyError) return error.message;
  return `Could not open the workspace at ${workspaceDir}: ${(error as Error).message}`;
}

/** Calls one API method; an error answer becomes a CommandFailure carrying its words. */
export async function call<N extends MethodName>(
  core: Core,
  name: N,
  input: MethodInput<N>,
): Promise<MethodOutput<N>> {
  const result = await core.invoke(name, input);
  if (!result.ok) throw new CommandFailure(describeApiError(result.error));
  return result.value as MethodOutput<N>;
}

/** The error's message, then any further field issues, one a line. */
export function describeApiError(error: ApiErrorData): string {
  const more = (error.issues ?? []).slice(1).map((issue) => `  ${issue.field}: ${issue.message}`);
  return [error.message, ...more].join('\n');
}

/** Runs a command body and turns its refusals into exit codes: help 0, usage 64, failure 1. */
export async function runCommand(usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(usage);
      return 0;
    }
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage}`);
      return usageExitCode;
    }
    if (error instanceof CommandFailure) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
