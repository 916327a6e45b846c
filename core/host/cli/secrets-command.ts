import { expectPositionals, parseCommandArgs, pickSubcommand } from './cli-args.ts';
import { call, CommandFailure, runCommand, withWorkspace } from './cli-session.ts';
import { readSecretInput } from './read-secret-input.ts';

export const secretsUsage = `Usage:
  patchbay secrets set APP [--workspace DIR]      Save APP's credential (read from stdin) in the OS keychain
  patchbay secrets delete APP [--workspace DIR]   Forget APP's credential

APP is an app's name or id. For example: patchbay secrets set Stripe < stripe-key.txt`;

/** `patchbay secrets set|delete`. The credential is never printed, logged or stored outside the keychain. */
export function runSecretsCommand(args: readonly string[]): Promise<number> {
  return runCommand(secretsUsage, () => {
    const { run, rest } = pickSubcommand('secrets', args, { set: setSecret, delete: deleteSecret });
    return run(rest);
  });
}

async function setSecret(args: readonly string[]): Promise<number> {
  const [ref] = appArgument(args);
  return withWorkspace(args, async (core) => {
    // Resolved before reading stdin, so nobody types a secret for an app that is not there;
    // passing the id on also lets the core resume flows that paused for this credential.
    const app = (await call(core, 'apps.list', {})).find((a) => a.id === ref || a.name === ref);
    if (!app)
      throw new CommandFailure(`There is no app called "${ref}" in the workspace "${core.workspace.name}".`);
    if (process.stdin.isTTY)
      console.error(`Type or paste the credential for ${app.name}, then press Enter (it is not shown):`);
    const value = await readSecretInput(process.stdin);
    if (value.trim() === '')
      throw new CommandFailure(
        `The credential is empty, so nothing was saved. Give it on stdin, for example: patchbay secrets set "${app.name}" < key.txt`,
      );
    await call(core, 'secrets.set', { appId: app.id, value });
    console.log(`Saved the credential for ${app.name} in the system keychain.`);
    return 0;
  });
}

async function deleteSecret(args: readonly string[]): Promise<number> {
  const [app] = appArgument(args);
  return withWorkspace(args, async (core) => {
    const { deleted } = await call(core, 'secrets.delete', { appId: app });
    console.log(deleted ? `Forgot the credential for ${app}.` : `No credential was saved for ${app}.`);
    return 0;
  });
}

function appArgument(args: readonly string[]): [string] {
  const { positionals } = parseCommandArgs(args, {});
  return expectPositionals(positionals, ['APP']) as [string];
}
